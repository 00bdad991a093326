using Kinko.Primitives;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>What happened to an order in one step (Coincheck's <c>order_event</c>, plus <see cref="Moved"/>).</summary>
public enum OrderEventKind
{
    New,
    Triggered,
    PartiallyFilled,
    Filled,
    Cancelled,
    Expired,
    Moved,
}

/// <summary>An event of one customer's private stream; <see cref="Sequence"/> is the journal record of the command.</summary>
public abstract record AccountEvent(long OwnerId, long Sequence, DateTimeOffset At, string Pair);

/// <summary>
/// An order's state after a step: <see cref="FilledLots"/> filled in this step (makers: this fill;
/// takers: the whole command), <see cref="RemainingLots"/> still open (or what expired or was cancelled).
/// </summary>
public sealed record OrderEvent(
    long OwnerId, long Sequence, DateTimeOffset At, string Pair,
    long OrderId, OrderEventKind Kind, Side Side, OrderType Type, long LimitTicks, long StopPriceTicks,
    long FilledLots, long RemainingLots, ExpiryReason Expiry) : AccountEvent(OwnerId, Sequence, At, Pair);

/// <summary>
/// One side of a trade, for the order's owner: taker or maker, at the maker's price, with its fill id
/// (as in <c>transactions</c>) and the fee in quote minor units (negative: a rebate).
/// </summary>
public sealed record ExecutionEvent(
    long OwnerId, long Sequence, DateTimeOffset At, string Pair,
    long TradeId, long OrderId, Side Side, bool Maker, long PriceTicks, long Lots, long FillId, long Fee) : AccountEvent(OwnerId, Sequence, At, Pair);

/// <summary>Turns a durable commit's raw results into per-customer events, in journal order.</summary>
public static class AccountEvents
{
    private readonly record struct OrderFacts(Side Side, OrderType Type, long LimitTicks, long StopPriceTicks);

    public static IReadOnlyList<AccountEvent> Of(AccountCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var events = new List<AccountEvent>();
        var placed = new Dictionary<long, OrderFacts>();
        foreach (var (command, result) in commit.Steps)
        {
            if (!result.Accepted || command is ConfigureMarket)
            {
                continue;
            }

            if (command is PlaceOrder place)
            {
                var facts = new OrderFacts(place.Side, place.Type, place.Type == OrderType.Limit ? place.PriceTicks : 0, place.StopPriceTicks);
                placed[result.OrderId] = facts;
                events.Add(Order(commit, result, place.Pair, place.OwnerId, result.OrderId, OrderEventKind.New, facts, 0, place.Lots));
            }

            AddTrades(events, commit, result);
            AddOutcomes(events, commit, command, result, placed);
        }

        return events;
    }

    private static void AddTrades(List<AccountEvent> events, AccountCommit commit, TradingResult result)
    {
        for (var i = 0; i < result.Trades.Count; i++)
        {
            var trade = result.Trades[i];
            var makerSide = trade.TakerSide == Side.Buy ? Side.Sell : Side.Buy;
            var (taker, maker) = (result.OwnFills[2 * i], result.OwnFills[2 * i + 1]);
            events.Add(new ExecutionEvent(trade.TakerOwnerId, result.Sequence, trade.At, trade.Pair, trade.Id, trade.TakerOrderId, trade.TakerSide, false, trade.PriceTicks, trade.Lots, taker.Id, taker.Fee));
            events.Add(new ExecutionEvent(trade.MakerOwnerId, result.Sequence, trade.At, trade.Pair, trade.Id, trade.MakerOrderId, makerSide, true, trade.PriceTicks, trade.Lots, maker.Id, maker.Fee));
            var remaining = result.Fills[i].MakerRemainingLots;
            var facts = new OrderFacts(makerSide, OrderType.Limit, trade.PriceTicks, 0);
            events.Add(Order(commit, result, trade.Pair, trade.MakerOwnerId, trade.MakerOrderId,
                remaining == 0 ? OrderEventKind.Filled : OrderEventKind.PartiallyFilled, facts, trade.Lots, remaining));
        }
    }

    private static void AddOutcomes(List<AccountEvent> events, AccountCommit commit, TradingCommand command, TradingResult result, Dictionary<long, OrderFacts> placed)
    {
        foreach (var outcome in result.Outcomes)
        {
            var own = outcome.OrderId == result.OrderId;
            OrderFacts facts;
            if (placed.TryGetValue(outcome.OrderId, out var fresh))
            {
                facts = fresh;
            }
            else
            {
                var found = commit.Before.TryGetValue(outcome.OrderId, out var view);
                Invariant.Assert(found, $"order {outcome.OrderId} of a durable commit is neither placed in it nor open before it");
                facts = new OrderFacts(view!.Side, view.Type, view.LimitTicks, view.StopPriceTicks);
            }

            if (!own && facts.StopPriceTicks > 0 && outcome.State != OrderState.WaitingForTrigger)
            {
                events.Add(Order(commit, result, command.Pair, outcome.AccountId, outcome.OrderId, OrderEventKind.Triggered, facts, 0, outcome.RemainingLots + outcome.FilledLots));
            }

            OrderEventKind? kind = outcome.State switch
            {
                OrderState.Filled => OrderEventKind.Filled,
                OrderState.Cancelled => OrderEventKind.Cancelled,
                OrderState.Expired => OrderEventKind.Expired,
                OrderState.Open when outcome.FilledLots > 0 => OrderEventKind.PartiallyFilled,
                OrderState.Open when command is MoveOrder && own => OrderEventKind.Moved,
                _ => null,
            };
            if (kind is { } k)
            {
                var movedFacts = command is MoveOrder move && own ? facts with { LimitTicks = move.NewPriceTicks } : facts;
                events.Add(Order(commit, result, command.Pair, outcome.AccountId, outcome.OrderId, k, movedFacts, outcome.FilledLots, outcome.RemainingLots, outcome.Expiry));
            }
        }
    }

    private static OrderEvent Order(
        AccountCommit commit, TradingResult result, string pair, long owner, long orderId, OrderEventKind kind, OrderFacts facts,
        long filledLots, long remainingLots, ExpiryReason expiry = ExpiryReason.None) =>
        new(owner, result.Sequence, commit.At, pair, orderId, kind, facts.Side, facts.Type, facts.LimitTicks, facts.StopPriceTicks, filledLots, remainingLots, expiry);
}
