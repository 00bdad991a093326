using System.Globalization;
using System.Text;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>
/// A readable digest of the trading state: per market its book hash, next trade id and every live
/// order's hold; and the next order id. Two cores with the same digest hold the same state (used to
/// check recovery against a full replay).
/// </summary>
public static class TradingDigest
{
    public static string Of(TradingCore core)
    {
        ArgumentNullException.ThrowIfNull(core);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"next order {core.NextOrderId}, next fill {core.NextFillId}\n");
        foreach (var desk in core.Markets.Values.OrderBy(d => d.Market.Pair, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{desk.Market.Pair} book {BookState.Capture(desk.Engine).Hash()} next trade {desk.NextTradeId}\n");
            foreach (var hold in desk.Holds.Values.OrderBy(x => x.OrderId))
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"  order {hold.OrderId} owner {hold.OwnerId} held {hold.HeldAmount} (hold {hold.CurrentKey}) lots {hold.RemainingLots}/{hold.OriginalLots} budget {hold.RemainingBudget}/{hold.OriginalBudget} executed {hold.ExecutedLots} for {hold.ExecutedNotional} limit {hold.LimitTicks}\n");
            }
        }

        return text.ToString();
    }
}
