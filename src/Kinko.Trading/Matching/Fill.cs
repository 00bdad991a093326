namespace Kinko.Trading.Matching;

/// <summary>One trade between an incoming (taker) order and a resting (maker) order, at the maker's price.</summary>
public readonly record struct Fill(
    long TakerOrderId,
    long TakerAccountId,
    long MakerOrderId,
    long MakerAccountId,
    Side TakerSide,
    long PriceTicks,
    long Lots,
    long MakerRemainingLots);

/// <summary>
/// What became of one order in a command: the command's own order, or a stop order that the
/// command's trades triggered. <see cref="RemainingLots"/> is what still rests (open) or what
/// expired or was cancelled.
/// </summary>
public readonly record struct OrderOutcome(
    long OrderId,
    long AccountId,
    OrderState State,
    long FilledLots,
    long RemainingLots,
    long FilledNotional,
    ExpiryReason Expiry = ExpiryReason.None,
    long PreventedMatchId = 0,
    Refusal Refusal = Refusal.None);
