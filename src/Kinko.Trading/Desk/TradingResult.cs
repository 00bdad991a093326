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

    /// <summary>When the command was journaled: a placed order's creation time.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>Each fill twice, as the taker's and as the maker's (with their fees).</summary>
    public IReadOnlyList<OwnFill> OwnFills { get; init; } = [];

    /// <summary>The orders that ended (filled, cancelled, expired), as they ended.</summary>
    public IReadOnlyList<OrderView> Ended { get; init; } = [];

    /// <summary>A retried placement (same owner and <c>client_order_id</c>): the first order's id; nothing was journaled.</summary>
    public bool IsRepeat { get; init; }

    public static TradingResult Refused(KinkoError error, long orderId = 0) => new(0, orderId, error, [], [], []);

    public static TradingResult Repeat(long orderId) => new(0, orderId, null, [], [], []) { IsRepeat = true };
}
