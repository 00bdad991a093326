using Kinko.Primitives;
using Kinko.Trading.MarketData;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>
/// What a trading command did. Accepted: <see cref="Sequence"/> is its journal position, and the
/// outcomes (its own order's first) and fills say what happened. Refused: <see cref="Error"/> says
/// why, and nothing changed.
/// </summary>
public sealed record TradingResult(long Sequence, long OrderId, KinkoError? Error, IReadOnlyList<OrderOutcome> Outcomes, IReadOnlyList<Fill> Fills, IReadOnlyList<Trade> Trades)
{
    public bool Accepted => Error is null;

    public static TradingResult Refused(KinkoError error, long orderId = 0) => new(0, orderId, error, [], [], []);
}
