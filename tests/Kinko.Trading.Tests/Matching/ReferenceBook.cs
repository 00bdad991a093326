using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Matching;

/// <summary>
/// A deliberately naive model of the matching engine: every order in one list, priority found by
/// sorting on each step, the band in decimal arithmetic and a market buy's lots found by trying
/// every count. Slow and obvious, so that the engine can be checked against it.
/// </summary>
internal sealed class ReferenceBook(MatchingRules rules)
{
    private readonly List<Entry> _resting = [];
    private readonly List<Waiting> _stops = [];
    private long _arrivals;

    public long LastTradePriceTicks { get; private set; }

    public IEnumerable<RestingOrder> RestingOrders() =>
        InPriority(Side.Buy).Concat(InPriority(Side.Sell))
            .Select(e => new RestingOrder(e.Id, e.AccountId, e.Side, e.PriceTicks, e.Lots, e.PostOnly));

    public IEnumerable<OrderRequest> StopOrders() =>
        _stops.Where(s => s.Order.Side == Side.Buy).OrderBy(s => s.Order.StopPriceTicks).ThenBy(s => s.Arrival)
            .Concat(_stops.Where(s => s.Order.Side == Side.Sell).OrderByDescending(s => s.Order.StopPriceTicks).ThenBy(s => s.Arrival))
            .Select(s => s.Order);

    public Result Place(OrderRequest order)
    {
        var run = new Run();
        var refusal = RefusalOf(order);
        if (refusal != Refusal.None)
        {
            run.Outcomes.Add(new OrderOutcome(order.OrderId, order.AccountId, OrderState.Refused, 0, order.Lots, 0, Refusal: refusal));
        }
        else if (order.IsStop)
        {
            _stops.Add(new Waiting(order, _arrivals++));
            run.Outcomes.Add(new OrderOutcome(order.OrderId, order.AccountId, OrderState.WaitingForTrigger, 0, order.Lots, 0));
        }
        else if (Enter(order, run))
        {
            FireStops(run);
        }

        return run.ToResult();
    }

    public Result Cancel(long orderId)
    {
        var run = new Run();
        var entry = _resting.Find(e => e.Id == orderId);
        var stop = _stops.Find(s => s.Order.OrderId == orderId);
        if (entry is not null)
        {
            _resting.Remove(entry);
            run.Outcomes.Add(new OrderOutcome(orderId, entry.AccountId, OrderState.Cancelled, 0, entry.Lots, 0));
        }
        else if (stop is not null)
        {
            _stops.Remove(stop);
            run.Outcomes.Add(new OrderOutcome(orderId, stop.Order.AccountId, OrderState.Cancelled, 0, stop.Order.Lots, 0));
        }
        else
        {
            run.Outcomes.Add(new OrderOutcome(orderId, 0, OrderState.Refused, 0, 0, 0, Refusal: Refusal.UnknownOrder));
        }

        return run.ToResult();
    }

    public Result Move(long orderId, long newPriceTicks)
    {
        var run = new Run();
        var entry = _resting.Find(e => e.Id == orderId);
        if (entry is null)
        {
            var refusal = _stops.Exists(s => s.Order.OrderId == orderId) ? Refusal.NotMovable : Refusal.UnknownOrder;
            run.Outcomes.Add(new OrderOutcome(orderId, 0, OrderState.Refused, 0, 0, 0, Refusal: refusal));
            return run.ToResult();
        }

        var priceRefusal = PriceRefusal(newPriceTicks);
        if (priceRefusal != Refusal.None)
        {
            run.Outcomes.Add(new OrderOutcome(orderId, entry.AccountId, OrderState.Refused, 0, entry.Lots, 0, Refusal: priceRefusal));
            return run.ToResult();
        }

        _resting.Remove(entry);
        var replacement = OrderRequest.Limit(orderId, entry.AccountId, entry.Side, newPriceTicks, entry.Lots,
            entry.PostOnly ? TimeInForce.PostOnly : TimeInForce.GoodTilCancelled);
        if (Enter(replacement, run))
        {
            FireStops(run);
        }

        return run.ToResult();
    }

    private Refusal RefusalOf(OrderRequest order)
    {
        if (order.OrderId <= 0 || _resting.Exists(e => e.Id == order.OrderId) || _stops.Exists(s => s.Order.OrderId == order.OrderId))
        {
            return Refusal.DuplicateOrderId;
        }

        if (order.IsStop && _stops.Count >= rules.MaxStopOrders)
        {
            return Refusal.TooManyOrders;
        }

        if (order.Type == OrderType.MarketBuy)
        {
            return order.QuoteBudget > 0 ? Refusal.None : Refusal.InvalidAmount;
        }

        if (order.Lots <= 0)
        {
            return Refusal.InvalidAmount;
        }

        if (order.Lots < rules.MinLots)
        {
            return Refusal.BelowMinimum;
        }

        if (order.Type == OrderType.MarketSell)
        {
            return Refusal.None;
        }

        if (_resting.Count >= rules.MaxRestingOrders)
        {
            return Refusal.TooManyOrders;
        }

        if (order.IsStop)
        {
            // A stop limit's price meets the band only when it fires.
            return order.PriceTicks > 0 ? Refusal.None : Refusal.InvalidPrice;
        }

        return PriceRefusal(order.PriceTicks);
    }

    private Refusal PriceRefusal(long priceTicks)
    {
        if (priceTicks <= 0)
        {
            return Refusal.InvalidPrice;
        }

        return priceTicks < BandLow() || priceTicks > BandHigh() ? Refusal.PriceOutOfBand : Refusal.None;
    }

    private decimal BandFraction => rules.PriceBandPpm / 1_000_000m;

    private bool Banded => rules.PriceBandPpm != 0 && LastTradePriceTicks != 0;

    private long BandLow() => Banded ? Math.Max(1, (long)Math.Ceiling(LastTradePriceTicks * (1 - BandFraction))) : 1;

    private long BandHigh() => Banded ? (long)Math.Floor(LastTradePriceTicks * (1 + BandFraction)) : long.MaxValue;

    private IEnumerable<Entry> InPriority(Side side) => side == Side.Buy
        ? _resting.Where(e => e.Side == Side.Buy).OrderByDescending(e => e.PriceTicks).ThenBy(e => e.Arrival)
        : _resting.Where(e => e.Side == Side.Sell).OrderBy(e => e.PriceTicks).ThenBy(e => e.Arrival);

    private static bool Within(Side takerSide, long priceTicks, long limit) => takerSide == Side.Buy ? priceTicks <= limit : priceTicks >= limit;

    /// <summary>Matches an order due now and rests or expires the rest; whether it traded.</summary>
    private bool Enter(OrderRequest order, Run run)
    {
        var byBudget = order.Type == OrderType.MarketBuy;
        var market = order.Type != OrderType.Limit;
        var limit = market ? (order.Side == Side.Buy ? BandHigh() : BandLow()) : order.PriceTicks;
        var opposite = order.Side == Side.Buy ? Side.Sell : Side.Buy;
        var remainingIfNone = byBudget ? 0 : order.Lots;

        if (order.TimeInForce == TimeInForce.PostOnly && InPriority(opposite).Any(e => Within(order.Side, e.PriceTicks, order.PriceTicks)))
        {
            run.Outcomes.Add(new OrderOutcome(order.OrderId, order.AccountId, OrderState.Expired, 0, remainingIfNone, 0, ExpiryReason.PostOnly));
            return false;
        }

        if (order.TimeInForce == TimeInForce.FillOrKill && Fillable(order, limit, opposite) < order.Lots)
        {
            run.Outcomes.Add(new OrderOutcome(order.OrderId, order.AccountId, OrderState.Expired, 0, remainingIfNone, 0, ExpiryReason.FillOrKill));
            return false;
        }

        var wanted = byBudget ? long.MaxValue : order.Lots;
        var budget = order.QuoteBudget;
        long filled = 0, notional = 0, prevented = 0;
        bool outOfBudget = false, atLimit = false;
        while (wanted > 0)
        {
            var maker = InPriority(opposite).FirstOrDefault();
            if (maker is null)
            {
                break;
            }

            if (!Within(order.Side, maker.PriceTicks, limit))
            {
                atLimit = true;
                break;
            }

            if (rules.SelfTradePrevention && maker.AccountId == order.AccountId)
            {
                prevented = maker.Id;
                break;
            }

            var costPerLot = maker.PriceTicks * rules.NotionalPerTickLot;
            var lots = Math.Min(wanted, maker.Lots);
            if (byBudget)
            {
                while (lots > 0 && lots * costPerLot + FeeMath.Fee(lots * costPerLot, rules.TakerFeePpm) > budget)
                {
                    lots--;
                }

                if (lots == 0)
                {
                    outOfBudget = true;
                    break;
                }

                budget -= lots * costPerLot + FeeMath.Fee(lots * costPerLot, rules.TakerFeePpm);
            }

            maker.Lots -= lots;
            if (maker.Lots == 0)
            {
                _resting.Remove(maker);
            }

            run.Fills.Add(new Fill(order.OrderId, order.AccountId, maker.Id, maker.AccountId, order.Side, maker.PriceTicks, lots, maker.Lots));
            wanted -= lots;
            filled += lots;
            notional += lots * costPerLot;
            LastTradePriceTicks = maker.PriceTicks;
        }

        var remaining = byBudget ? 0 : order.Lots - filled;
        OrderOutcome Expire(ExpiryReason reason) =>
            new(order.OrderId, order.AccountId, OrderState.Expired, filled, remaining, notional, reason, prevented);

        if (prevented != 0)
        {
            run.Outcomes.Add(Expire(ExpiryReason.SelfTradePrevention));
        }
        else if (byBudget ? (outOfBudget || budget == 0) && filled > 0 : remaining == 0)
        {
            run.Outcomes.Add(new OrderOutcome(order.OrderId, order.AccountId, OrderState.Filled, filled, 0, notional));
        }
        else if (market)
        {
            run.Outcomes.Add(Expire(atLimit ? ExpiryReason.PriceLimit : ExpiryReason.UnfilledMarket));
        }
        else if (order.TimeInForce == TimeInForce.ImmediateOrCancel)
        {
            run.Outcomes.Add(Expire(ExpiryReason.ImmediateOrCancel));
        }
        else
        {
            _resting.Add(new Entry(order.OrderId, order.AccountId, order.Side, order.PriceTicks, order.TimeInForce == TimeInForce.PostOnly, _arrivals++) { Lots = remaining });
            run.Outcomes.Add(new OrderOutcome(order.OrderId, order.AccountId, OrderState.Open, filled, remaining, notional));
        }

        return filled > 0;
    }

    /// <summary>Lots the order could take now within its limit, stopping at its own order when self-trade prevention is on.</summary>
    private long Fillable(OrderRequest order, long limit, Side opposite)
    {
        long lots = 0;
        foreach (var e in InPriority(opposite).TakeWhile(e => Within(order.Side, e.PriceTicks, limit)))
        {
            if (rules.SelfTradePrevention && e.AccountId == order.AccountId)
            {
                break;
            }

            lots += e.Lots;
        }

        return lots;
    }

    /// <summary>Enters the waiting stops the last trade reached, buys before sells, nearest trigger then arrival first.</summary>
    private void FireStops(Run run)
    {
        while (true)
        {
            var fired = _stops.Where(s => s.Order.Side == Side.Buy && LastTradePriceTicks >= s.Order.StopPriceTicks)
                    .OrderBy(s => s.Order.StopPriceTicks).ThenBy(s => s.Arrival).FirstOrDefault()
                ?? _stops.Where(s => s.Order.Side == Side.Sell && LastTradePriceTicks <= s.Order.StopPriceTicks)
                    .OrderByDescending(s => s.Order.StopPriceTicks).ThenBy(s => s.Arrival).FirstOrDefault();
            if (fired is null)
            {
                return;
            }

            _stops.Remove(fired);
            var due = fired.Order with { StopPriceTicks = 0 };
            if (due.Type == OrderType.Limit && PriceRefusal(due.PriceTicks) != Refusal.None)
            {
                run.Outcomes.Add(new OrderOutcome(due.OrderId, due.AccountId, OrderState.Expired, 0, due.Lots, 0, ExpiryReason.PriceLimit));
                continue;
            }

            Enter(due, run);
        }
    }

    private sealed class Entry(long id, long accountId, Side side, long priceTicks, bool postOnly, long arrival)
    {
        public long Id { get; } = id;

        public long AccountId { get; } = accountId;

        public Side Side { get; } = side;

        public long PriceTicks { get; } = priceTicks;

        public bool PostOnly { get; } = postOnly;

        public long Arrival { get; } = arrival;

        public long Lots { get; set; }
    }

    private sealed record Waiting(OrderRequest Order, long Arrival);

    private sealed class Run
    {
        public List<Fill> Fills { get; } = [];

        public List<OrderOutcome> Outcomes { get; } = [];

        public Result ToResult() => new([.. Fills], [.. Outcomes]);
    }
}
