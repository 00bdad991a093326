namespace Kinko.Trading.Markets;

/// <summary>
/// A market as configured (decimal values as an operator writes them). <see cref="MarketCatalog.Validate"/>
/// turns specs into <see cref="Market"/>s or says which setting is wrong.
/// </summary>
/// <param name="Pair">Pair id, <c>base_quote</c> in lower case (<c>btc_jpy</c>).</param>
/// <param name="TickSize">Price step, in quote per one base unit.</param>
/// <param name="LotSize">Amount step, in base units.</param>
/// <param name="MinAmount">Smallest order amount, in base units (a whole number of lots).</param>
/// <param name="MakerFeeRate">Fraction of the notional charged to the resting side (negative: a rebate).</param>
/// <param name="TakerFeeRate">Fraction of the notional charged to the incoming side (not negative).</param>
/// <param name="PriceBand">Farthest a limit price may be from the last trade, as a fraction (0: no band).</param>
/// <param name="SelfTradePrevention">Whether an order that would trade with its owner's resting order expires.</param>
public sealed record MarketSpec(
    string Pair,
    decimal TickSize,
    decimal LotSize,
    decimal MinAmount,
    decimal MakerFeeRate,
    decimal TakerFeeRate,
    decimal PriceBand,
    bool SelfTradePrevention);
