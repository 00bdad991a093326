using Kinko.Trading.Desk;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Server.Workers;

/// <summary>What a round may spend: commands left, and what each bot can still hold (minor units by asset).</summary>
public sealed class DemoBudget(int commands)
{
    public int Commands { get; set; } = commands;

    public Dictionary<string, long> Maker { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> Taker { get; } = new(StringComparer.Ordinal);

    /// <summary>Takes <paramref name="amount"/> from a bot's asset if it has that much left this round.</summary>
    public static bool TrySpend(Dictionary<string, long> balances, string asset, long amount)
    {
        ArgumentNullException.ThrowIfNull(balances);
        var left = balances.GetValueOrDefault(asset);
        if (amount > left)
        {
            return false;
        }

        balances[asset] = left - amount;
        return true;
    }
}

/// <summary>
/// One demo market: a reference price that walks (a seeded random walk in log space, pulled gently back
/// to where it started and kept inside half the price band around the last trade), and the maker's ladder
/// around it on a fixed grid of <see cref="StepTicks"/>: bids at and below the grid point under the
/// reference, asks above it. Only orders whose grid slot changed are moved, so a quiet market costs nothing.
/// </summary>
public sealed class DemoQuoter
{
    /// <summary>Pull back towards the starting price per round (parts per million of the gap).</summary>
    public const int MeanReversionPpm = 2_000;

    /// <summary>Extra share (percent) of a level's notional per level away from the spread.</summary>
    public const int DepthGrowthPercent = 30;

    private readonly DemoOptions _options;
    private readonly double _anchor;
    private double _logPrice;
    private long _lastCenter;

    public DemoQuoter(Market market, DemoOptions options, long lastTradeTicks)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(options);
        Market = market;
        _options = options;
        var minTicks = (long)options.LevelsPerSide * 4 + 4;
        var start = DemoPrices.StartTicks(market, lastTradeTicks, minTicks);
        StepTicks = Math.Max(1, start * options.LevelStepPpm / 1_000_000);
        _anchor = Math.Log(start);
        _logPrice = _anchor;
        _lastCenter = Center;
    }

    public Market Market { get; }

    /// <summary>Distance between two of the maker's levels, in ticks (fixed for the run).</summary>
    public long StepTicks { get; }

    /// <summary>The reference price now, in ticks.</summary>
    public long ReferenceTicks => (long)Math.Round(Math.Exp(_logPrice));

    private long Center => ReferenceTicks / StepTicks;

    /// <summary>Moves the reference one round, keeping it within half the band around <paramref name="lastTradeTicks"/>.</summary>
    public void Walk(Random random, long lastTradeTicks)
    {
        ArgumentNullException.ThrowIfNull(random);
        var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        _logPrice += gaussian * _options.VolatilityPpm / 1e6 + (_anchor - _logPrice) * MeanReversionPpm / 1e6;
        var band = Market.Rules.PriceBandPpm / 1e6;
        if (band > 0 && lastTradeTicks > 0)
        {
            var last = Math.Log(lastTradeTicks);
            _logPrice = Math.Clamp(_logPrice, last + Math.Log(1 - band / 2), last + Math.Log(1 + band / 2));
        }

        _logPrice = Math.Max(_logPrice, Math.Log(StepTicks * (_options.LevelsPerSide + 2.0)));
    }

    /// <summary>
    /// The commands that bring the maker's orders to the ladder: moves of misplaced orders to free slots,
    /// cancels of the rest (and of orders a fill left below the minimum), new orders for the slots left.
    /// The side the reference moved towards goes first, so a moved order never meets the maker's own.
    /// </summary>
    public List<TradingCommand> Requote(long makerId, IReadOnlyList<OrderView> own, long lastTradeTicks, DemoBudget budget, Random random)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(budget);
        var center = Center;
        var rising = center >= _lastCenter;
        _lastCenter = center;
        var commands = new List<TradingCommand>();
        foreach (var side in rising ? new[] { Side.Sell, Side.Buy } : [Side.Buy, Side.Sell])
        {
            var slots = Enumerable.Range(0, _options.LevelsPerSide)
                .Select(i => (side == Side.Buy ? center - i : center + 1 + i) * StepTicks)
                .Where(p => p > 0 && InBand(p, lastTradeTicks))
                .ToList();
            QuoteSide(makerId, side, slots, own.Where(o => o.Pair == Market.Pair && o.Side == side && o.Type == OrderType.Limit).ToList(), budget, random, commands);
        }

        return commands;
    }

    /// <summary>A small immediate-or-cancel order at the maker's best opposite level (or better), or null when the taker cannot afford it.</summary>
    public PlaceOrder? Take(long takerId, long lastTradeTicks, DemoBudget budget, Random random)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(random);
        var buy = random.Next(2) == 0;
        var price = (buy ? Center + 1 : Center) * StepTicks; // the maker's best ask or bid once this round's quotes are in
        if (price <= 0 || !InBand(price, lastTradeTicks))
        {
            return null;
        }

        var lots = Lots(price, _options.LevelNotionalJpy * (0.1 + 0.5 * random.NextDouble()));
        var ok = buy
            ? DemoBudget.TrySpend(budget.Taker, Market.Quote.Code, BuyHold(price, lots))
            : DemoBudget.TrySpend(budget.Taker, Market.Base.Code, Market.BaseAmount(lots));
        return ok ? new PlaceOrder(Market.Pair, takerId, buy ? Side.Buy : Side.Sell, OrderType.Limit, TimeInForce.ImmediateOrCancel, price, lots) : null;
    }

    private void QuoteSide(long makerId, Side side, List<long> slots, List<OrderView> current, DemoBudget budget, Random random, List<TradingCommand> commands)
    {
        var free = new List<long>(slots);
        var misplaced = new List<OrderView>();
        foreach (var order in current.OrderBy(o => o.OrderId))
        {
            if (order.RemainingLots >= Market.Rules.MinLots && free.Remove(order.LimitTicks))
            {
                continue;
            }

            misplaced.Add(order);
        }

        // Far misplaced orders first: they are the ones the reference left behind.
        misplaced = [.. misplaced.OrderBy(o => side == Side.Buy ? o.LimitTicks : -o.LimitTicks)];
        foreach (var order in misplaced)
        {
            if (budget.Commands <= 0)
            {
                return;
            }

            budget.Commands--;
            if (free.Count > 0 && order.RemainingLots >= Market.Rules.MinLots
                && (side == Side.Sell || DemoBudget.TrySpend(budget.Maker, Market.Quote.Code, Math.Max(0, BuyHold(free[0], order.RemainingLots) - BuyHold(order.LimitTicks, order.RemainingLots)))))
            {
                commands.Add(new MoveOrder(Market.Pair, makerId, order.OrderId, free[0]));
                free.RemoveAt(0);
            }
            else
            {
                commands.Add(new CancelOrder(Market.Pair, makerId, order.OrderId));
            }
        }

        foreach (var price in free)
        {
            if (budget.Commands <= 0)
            {
                return;
            }

            var level = Math.Abs(price / StepTicks - (side == Side.Buy ? Center : Center + 1));
            var lots = Lots(price, _options.LevelNotionalJpy * (1 + level * DepthGrowthPercent / 100.0) * (0.5 + random.NextDouble()));
            var affordable = side == Side.Buy
                ? DemoBudget.TrySpend(budget.Maker, Market.Quote.Code, BuyHold(price, lots))
                : DemoBudget.TrySpend(budget.Maker, Market.Base.Code, Market.BaseAmount(lots));
            if (affordable)
            {
                budget.Commands--;
                commands.Add(new PlaceOrder(Market.Pair, makerId, side, OrderType.Limit, TimeInForce.GoodTilCancelled, price, lots));
            }
        }
    }

    /// <summary>Lots worth about <paramref name="jpy"/> at <paramref name="priceTicks"/>, at least the market's minimum.</summary>
    private long Lots(long priceTicks, double jpy)
    {
        var quoteMinor = (double)DemoPrices.MinorUnitsWorth(Market.Quote, (decimal)Math.Max(jpy, 0));
        var lots = (long)(quoteMinor / ((double)priceTicks * Market.NotionalPerTickLot));
        return Math.Max(lots, Market.Rules.MinLots);
    }

    /// <summary>What a limit buy holds: its notional plus the taker fee, rounded up.</summary>
    private long BuyHold(long priceTicks, long lots)
    {
        var notional = Market.Notional(priceTicks, lots);
        return notional + (notional * Market.Rules.TakerFeePpm + 999_999) / 1_000_000;
    }

    private bool InBand(long priceTicks, long lastTradeTicks)
    {
        var band = Market.Rules.PriceBandPpm;
        if (band == 0 || lastTradeTicks == 0)
        {
            return true;
        }

        // A little inside the engine's own edges, which round towards the last trade.
        return priceTicks > (Int128)lastTradeTicks * (1_000_000 - band) / 1_000_000 + 1
            && priceTicks < (Int128)lastTradeTicks * (1_000_000 + band) / 1_000_000 - 1;
    }
}
