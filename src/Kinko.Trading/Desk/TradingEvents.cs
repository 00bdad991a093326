using Kinko.Ledger;
using Kinko.Trading.MarketData;

namespace Kinko.Trading.Desk;

/// <summary>The facts an accepted command leaves in the store, in the same commit: public trades, each owner's fills, the orders that ended.</summary>
internal static class TradingEvents
{
    public static void AddTo(List<StoreEvent> events, TradingResult result, DateTimeOffset at)
    {
        foreach (var trade in result.Trades)
        {
            events.Add(new StoreEvent(Trade.Stream(trade.Pair), trade.Id, trade.At, trade.ToPayload()));
        }

        foreach (var fill in result.OwnFills)
        {
            events.Add(new StoreEvent(OwnFill.Stream(fill.OwnerId), fill.Id, fill.At, fill.ToPayload()));
        }

        foreach (var order in result.Ended)
        {
            events.Add(new StoreEvent(OrderView.Stream(order.OwnerId), order.OrderId, at, order.ToPayload()));
        }
    }
}
