using System.Globalization;
using System.Text.Json;
using Kinko.Primitives;
using Kinko.Trading.Desk;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Server.Api;

/// <summary>How orders and fills appear in the private API (spec §6.4, §6.5, §6.9).</summary>
public static class OrderJson
{
    /// <summary>An order's detail, open or ended (spec §6.4).</summary>
    public static object Detail(Market market, OrderView o)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(o);
        var marketBuy = o.Type == OrderType.MarketBuy;
        var ended = o.State is OrderState.Cancelled or OrderState.Expired;
        return new
        {
            success = true,
            id = o.OrderId,
            pair = o.Pair,
            status = Status(o),
            order_type = ApiNames.OrderTypeName(o.Side, o.Type),
            rate = o.Type == OrderType.Limit ? ApiJson.PriceText(market, o.LimitTicks) : null,
            stop_loss_rate = o.StopPriceTicks > 0 ? ApiJson.PriceText(market, o.StopPriceTicks) : null,
            maker_fee_rate = Rate(o.MakerFeePpm),
            taker_fee_rate = Rate(o.TakerFeePpm),
            amount = marketBuy ? null : ApiJson.BaseAmount(market, o.OriginalLots),
            market_buy_amount = marketBuy ? Quote(market, o.OriginalBudget) : null,
            executed_amount = ApiJson.BaseAmount(market, o.ExecutedLots),
            executed_market_buy_amount = marketBuy ? Quote(market, o.OriginalBudget - o.RemainingBudget) : null,
            expired_type = ApiNames.ExpiryName(o.Expiry),
            prevented_match_id = o.PreventedMatchId > 0 ? o.PreventedMatchId : (long?)null,
            expired_amount = ended && !marketBuy ? ApiJson.BaseAmount(market, o.RemainingLots) : null,
            expired_market_buy_amount = ended && marketBuy ? Quote(market, o.RemainingBudget) : null,
            time_in_force = ApiNames.TimeInForceName(o.TimeInForce),
            created_at = ApiJson.Time(o.CreatedAt),
        };
    }

    /// <summary>The answer to a placement (spec §6.3): the order as asked, its id and its time.</summary>
    public static void WritePlaced(Utf8JsonWriter w, Market market, PlaceOrder command, string? orderType, long orderId, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(command);
        w.WriteBoolean("success", true);
        w.WriteNumber("id", orderId);
        w.WriteString("rate", command.Type == OrderType.Limit ? ApiJson.PriceText(market, command.PriceTicks) : null);
        w.WriteString("amount", command.Type == OrderType.MarketBuy ? null : ApiJson.BaseAmount(market, command.Lots));
        w.WriteString("order_type", orderType);
        w.WriteString("time_in_force", ApiNames.TimeInForceName(command.TimeInForce));
        w.WriteString("stop_loss_rate", command.StopPriceTicks > 0 ? ApiJson.PriceText(market, command.StopPriceTicks) : null);
        w.WriteString("pair", market.Pair);
        w.WriteString("created_at", ApiJson.Time(createdAt));
        w.WriteString("client_order_id", command.ClientOrderId);
    }

    /// <summary>An open or waiting order as <c>orders/opens</c> lists it (spec §6.5).</summary>
    public static object Open(Market market, OrderView o)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(o);
        return new
        {
            id = o.OrderId,
            order_type = ApiNames.SideName(o.Side),
            rate = o.Type == OrderType.Limit ? ApiJson.Price(market, o.LimitTicks) : (decimal?)null,
            pair = o.Pair,
            pending_amount = o.Type == OrderType.MarketBuy ? null : ApiJson.BaseAmount(market, o.RemainingLots),
            pending_market_buy_amount = o.Type == OrderType.MarketBuy ? Quote(market, o.RemainingBudget) : null,
            stop_loss_rate = o.StopPriceTicks > 0 ? ApiJson.PriceText(market, o.StopPriceTicks) : null,
            created_at = ApiJson.Time(o.CreatedAt),
        };
    }

    /// <summary>One of the caller's fills, with signed balance changes (spec §6.9).</summary>
    public static object Fill(Market market, OwnFill f)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(f);
        var baseAmount = market.BaseAmount(f.Lots);
        var quoteChange = f.Side == Side.Buy ? -(f.Notional + f.Fee) : f.Notional - f.Fee;
        return new
        {
            id = f.Id,
            order_id = f.OrderId,
            created_at = ApiJson.Time(f.At),
            funds = new Dictionary<string, string>
            {
                [market.Base.Code.ToLowerInvariant()] = AmountText.Format(f.Side == Side.Buy ? baseAmount : -baseAmount, market.Base.Scale),
                [market.Quote.Code.ToLowerInvariant()] = Quote(market, quoteChange),
            },
            pair = f.Pair,
            rate = ApiJson.PriceText(market, f.PriceTicks),
            fee_currency = market.Quote.Code,
            fee = Quote(market, f.Fee),
            liquidity = f.IsMaker ? "M" : "T",
            side = ApiNames.SideName(f.Side),
        };
    }

    /// <summary>Coincheck's status names (spec §6.4).</summary>
    public static string Status(OrderView o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var traded = o.ExecutedLots > 0;
        return o.State switch
        {
            OrderState.WaitingForTrigger => "WAITING_FOR_TRIGGER",
            OrderState.Open => traded ? "PARTIALLY_FILLED" : "NEW",
            OrderState.Filled => "FILLED",
            OrderState.Cancelled => traded ? "PARTIALLY_FILLED_CANCELED" : "CANCELED",
            OrderState.Expired => traded ? "PARTIALLY_FILLED_EXPIRED" : "EXPIRED",
            _ => throw new ArgumentOutOfRangeException(nameof(o), o.State, "an order view is never refused"),
        };
    }

    /// <summary>A fee rate as a fraction (<c>0.001</c> is 0.1%).</summary>
    public static string Rate(long ppm) => ApiJson.Normalize(ppm / 1_000_000m).ToString(CultureInfo.InvariantCulture);

    private static string Quote(Market market, long minor) => AmountText.Format(minor, market.Quote.Scale);
}
