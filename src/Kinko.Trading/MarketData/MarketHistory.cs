using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Trading.MarketData;

/// <summary>
/// Market data read from the stored trade streams: pages of trades, OHLCV candles and VWAP over
/// any window. Exact: sums are integers (ticks × lots), never floating point.
/// </summary>
public sealed class MarketHistory(ILedgerStore store)
{
    /// <summary>Most candles one request may ask for.</summary>
    public const int MaxCandles = 1_000;

    /// <summary>Most trades one page may hold.</summary>
    public const int MaxTradesPerPage = 1_000;

    private readonly ILedgerStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>Trades with an id below <paramref name="beforeId"/> (all when null), newest first.</summary>
    public IReadOnlyList<Trade> Trades(string pair, long? beforeId, int limit)
    {
        CheckLimit(limit, MaxTradesPerPage, "limit");
        return _store.ReadEventsBefore(Trade.Stream(pair), beforeId ?? long.MaxValue, limit)
            .Select(e => Trade.FromPayload(pair, e.Id, e.At, e.Payload))
            .ToList();
    }

    /// <summary>Trades with an id above <paramref name="afterId"/>, oldest first.</summary>
    public IReadOnlyList<Trade> TradesAfter(string pair, long afterId, int limit)
    {
        CheckLimit(limit, MaxTradesPerPage, "limit");
        return _store.ReadEventsAfter(Trade.Stream(pair), afterId, limit)
            .Select(e => Trade.FromPayload(pair, e.Id, e.At, e.Payload))
            .ToList();
    }

    /// <summary>Trades with <c>from &lt;= At &lt; to</c>, oldest first, read lazily.</summary>
    public IEnumerable<Trade> TradesBetween(string pair, DateTimeOffset from, DateTimeOffset to) =>
        _store.ReadEvents(Trade.Stream(pair), from, to).Select(e => Trade.FromPayload(pair, e.Id, e.At, e.Payload));

    /// <summary>
    /// Candles of <paramref name="interval"/> covering <c>[from, to)</c>, oldest first; only intervals
    /// with trades appear. <paramref name="notionalPerTickLot"/> turns ticks × lots into quote minor units.
    /// </summary>
    public IReadOnlyList<Candle> Candles(string pair, CandleInterval interval, DateTimeOffset from, DateTimeOffset to, long notionalPerTickLot)
    {
        ArgumentNullException.ThrowIfNull(interval);
        var start = interval.StartOf(from);
        if (to <= start)
        {
            throw new KinkoException(ErrorCode.InvalidField, "must be after the start of the window", "to");
        }

        if ((to - start).Ticks / interval.Width.Ticks > MaxCandles)
        {
            throw new KinkoException(ErrorCode.InvalidField, $"the window spans more than {MaxCandles} candles of {interval.Name}", "to");
        }

        var candles = new List<Candle>();
        Candle? current = null;
        foreach (var trade in TradesBetween(pair, start, to))
        {
            var candleStart = interval.StartOf(trade.At);
            var notional = (Int128)trade.PriceTicks * trade.Lots * notionalPerTickLot;
            if (current is null || current.Start != candleStart)
            {
                if (current is not null)
                {
                    candles.Add(current);
                }

                current = new Candle(candleStart, trade.PriceTicks, trade.PriceTicks, trade.PriceTicks, trade.PriceTicks, trade.Lots, notional, 1);
                continue;
            }

            current = current with
            {
                High = Math.Max(current.High, trade.PriceTicks),
                Low = Math.Min(current.Low, trade.PriceTicks),
                Close = trade.PriceTicks,
                Lots = current.Lots + trade.Lots,
                Notional = current.Notional + notional,
                Trades = current.Trades + 1,
            };
        }

        if (current is not null)
        {
            candles.Add(current);
        }

        return candles;
    }

    /// <summary>The volume-weighted average price of the trades with <c>from &lt;= At &lt; to</c>.</summary>
    public Vwap Vwap(string pair, DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            throw new KinkoException(ErrorCode.InvalidField, "must be after from", "to");
        }

        Int128 priceLots = 0;
        long lots = 0;
        var trades = 0;
        foreach (var trade in TradesBetween(pair, from, to))
        {
            priceLots += (Int128)trade.PriceTicks * trade.Lots;
            lots = checked(lots + trade.Lots);
            trades++;
        }

        return new Vwap(pair, from, to, priceLots, lots, trades);
    }

    private static void CheckLimit(int limit, int max, string field)
    {
        if (limit is < 1 || limit > max)
        {
            throw new KinkoException(ErrorCode.InvalidField, $"must be 1..{max}", field);
        }
    }
}
