using System.Runtime.CompilerServices;

namespace Kinko.Trading.Matching;

/// <summary>
/// One market's order book and matching, single-threaded and in memory: price-time priority,
/// trades at the resting order's price. Every command writes what it did to an
/// <see cref="EngineOutput"/>; the engine itself knows nothing of money or storage.
/// </summary>
public sealed class MatchingEngine
{
    private readonly OrderBook _book = new();
    private readonly StopOrders _stops = new();

    public MatchingEngine(MatchingRules rules)
    {
        Rules = rules ?? throw new ArgumentNullException(nameof(rules));
    }

    /// <summary>The market's rules; a change applies to commands from then on.</summary>
    public MatchingRules Rules { get; set; }

    /// <summary>Price of the last trade, 0 before the first.</summary>
    public long LastTradePriceTicks { get; private set; }

    public int RestingOrderCount => _book.OrderCount;

    public int StopOrderCount => _stops.Count;

    /// <summary>Whether the order is a stop order still waiting for its trigger.</summary>
    public bool IsWaiting(long orderId) => _stops.Contains(orderId);

    public int BidLevels => _book.Bids.Count;

    public int AskLevels => _book.Asks.Count;

    public long BestBidTicks => _book.Bids.Count > 0 ? _book.Level(_book.Bids.Best).PriceTicks : 0;

    public long BestAskTicks => _book.Asks.Count > 0 ? _book.Level(_book.Asks.Best).PriceTicks : 0;

    public bool Contains(long orderId) => _book.Index.Find(orderId) >= 0 || _stops.Contains(orderId);

    /// <summary>The resting order with this id, if any.</summary>
    public RestingOrder? FindResting(long orderId)
    {
        var slot = _book.Index.Find(orderId);
        if (slot < 0)
        {
            return null;
        }

        ref var o = ref _book.Order(slot);
        return new RestingOrder(o.Id, o.AccountId, o.Side, o.PriceTicks, o.Lots, o.PostOnly);
    }

    /// <summary>Resting orders in priority order (bids best first, then asks best first).</summary>
    public IEnumerable<RestingOrder> RestingOrders() => _book.Resting();

    /// <summary>Stop orders waiting for their trigger, in firing order per side.</summary>
    public IEnumerable<OrderRequest> StopOrders() => _stops.All;

    /// <summary>Aggregated depth of one side, best first: up to <paramref name="levels"/> (price, lots, orders).</summary>
    public IReadOnlyList<DepthLevel> Depth(Side side, int levels) => _book.Depth(side, levels);

    /// <summary>Why <see cref="Place"/> would refuse the order now (<see cref="Refusal.None"/> if it would not); changes nothing.</summary>
    public Refusal Check(in OrderRequest order) => Validate(order);

    /// <summary>Why <see cref="Move"/> would refuse now (<see cref="Refusal.None"/> if it would not); changes nothing.</summary>
    public Refusal CheckMove(long orderId, long newPriceTicks) =>
        _book.Index.Find(orderId) >= 0 ? ValidatePrice(newPriceTicks)
        : _stops.Contains(orderId) ? Refusal.NotMovable
        : Refusal.UnknownOrder;

    /// <summary>Places a new order (or parks a stop order until its trigger).</summary>
    public void Place(in OrderRequest order, EngineOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var refusal = Validate(order);
        if (refusal != Refusal.None)
        {
            output.Add(Refused(order, refusal));
            return;
        }

        if (order.IsStop)
        {
            _stops.Add(order);
            output.Add(new OrderOutcome(order.OrderId, order.AccountId, OrderState.WaitingForTrigger, 0, order.Lots, 0));
            return;
        }

        var traded = Enter(order, output);
        if (traded)
        {
            FireStops(output);
        }
    }

    /// <summary>Cancels a resting or waiting order; the outcome carries the lots released.</summary>
    public void Cancel(long orderId, EngineOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var slot = _book.Index.Find(orderId);
        if (slot >= 0)
        {
            ref var o = ref _book.Order(slot);
            output.Add(new OrderOutcome(o.Id, o.AccountId, OrderState.Cancelled, 0, o.Lots, 0));
            _book.Remove(slot);
            return;
        }

        if (_stops.TryRemove(orderId, out var stop))
        {
            output.Add(new OrderOutcome(stop.OrderId, stop.AccountId, OrderState.Cancelled, 0, stop.Lots, 0));
            return;
        }

        output.Add(new OrderOutcome(orderId, 0, OrderState.Refused, 0, 0, 0, Refusal: Refusal.UnknownOrder));
    }

    /// <summary>
    /// Cancel-and-replace: the resting order keeps its id and remaining lots, moves to a new price
    /// and loses its time priority; it may trade at once if the new price crosses.
    /// </summary>
    public void Move(long orderId, long newPriceTicks, EngineOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var slot = _book.Index.Find(orderId);
        if (slot < 0)
        {
            var refusal = _stops.Contains(orderId) ? Refusal.NotMovable : Refusal.UnknownOrder;
            output.Add(new OrderOutcome(orderId, 0, OrderState.Refused, 0, 0, 0, Refusal: refusal));
            return;
        }

        ref var o = ref _book.Order(slot);
        var moved = new OrderRequest(o.Id, o.AccountId, o.Side, OrderType.Limit,
            o.PostOnly ? TimeInForce.PostOnly : TimeInForce.GoodTilCancelled, newPriceTicks, o.Lots);
        var priceRefusal = ValidatePrice(newPriceTicks);
        if (priceRefusal != Refusal.None)
        {
            output.Add(new OrderOutcome(o.Id, o.AccountId, OrderState.Refused, 0, o.Lots, 0, Refusal: priceRefusal));
            return;
        }

        _book.Detach(slot);
        if (Enter(moved, output, slot))
        {
            FireStops(output);
        }
    }

    /// <summary>Fills an empty engine with a captured book (see <see cref="BookState.Restore"/>).</summary>
    internal void Load(BookState state)
    {
        Kinko.Primitives.Invariant.Assert(_book.OrderCount == 0 && _stops.Count == 0, "a book is loaded into a used engine");
        LastTradePriceTicks = state.LastTradePriceTicks;
        foreach (var o in state.Resting)
        {
            _book.Rest(o.OrderId, o.AccountId, o.Side, o.PriceTicks, o.Lots, o.PostOnly);
        }

        foreach (var stop in state.Stops)
        {
            _stops.Add(stop);
        }
    }

    private Refusal Validate(in OrderRequest order)
    {
        if (order.OrderId <= 0 || Contains(order.OrderId))
        {
            return Refusal.DuplicateOrderId;
        }

        if (order.IsStop && _stops.Count >= Rules.MaxStopOrders)
        {
            return Refusal.TooManyOrders;
        }

        switch (order.Type)
        {
            case OrderType.MarketBuy:
                return order.QuoteBudget > 0 ? Refusal.None : Refusal.InvalidAmount;
            case OrderType.MarketSell:
                return order.Lots <= 0 ? Refusal.InvalidAmount : order.Lots < Rules.MinLots ? Refusal.BelowMinimum : Refusal.None;
            default:
                if (order.Lots <= 0)
                {
                    return Refusal.InvalidAmount;
                }

                if (order.Lots < Rules.MinLots)
                {
                    return Refusal.BelowMinimum;
                }

                if (_book.OrderCount >= Rules.MaxRestingOrders)
                {
                    return Refusal.TooManyOrders;
                }

                return order.IsStop ? (order.PriceTicks > 0 ? Refusal.None : Refusal.InvalidPrice) : ValidatePrice(order.PriceTicks);
        }
    }

    private Refusal ValidatePrice(long priceTicks)
    {
        if (priceTicks <= 0)
        {
            return Refusal.InvalidPrice;
        }

        return priceTicks < BandLow || priceTicks > BandHigh ? Refusal.PriceOutOfBand : Refusal.None;
    }

    /// <summary>Lowest price the band allows now (1 without a band or a reference price).</summary>
    private long BandLow => Rules.PriceBandPpm == 0 || LastTradePriceTicks == 0
        ? 1
        : Math.Max(1, (long)(((Int128)LastTradePriceTicks * (FeeMath.PartsPerMillion - Rules.PriceBandPpm) + FeeMath.PartsPerMillion - 1) / FeeMath.PartsPerMillion));

    /// <summary>Highest price the band allows now (unbounded without a band or a reference price).</summary>
    private long BandHigh => Rules.PriceBandPpm == 0 || LastTradePriceTicks == 0
        ? long.MaxValue
        : (long)((Int128)LastTradePriceTicks * (FeeMath.PartsPerMillion + Rules.PriceBandPpm) / FeeMath.PartsPerMillion);

    /// <summary>Matches an order that is due now and rests or expires its remainder. Returns whether it traded.</summary>
    private bool Enter(in OrderRequest order, EngineOutput output, int detachedSlot = OrderBook.None)
    {
        var market = order.Type != OrderType.Limit;
        var taker = new Taker
        {
            OrderId = order.OrderId,
            AccountId = order.AccountId,
            Side = order.Side,
            Lots = order.Type == OrderType.MarketBuy ? long.MaxValue : order.Lots,
            Budget = order.QuoteBudget,
            ByBudget = order.Type == OrderType.MarketBuy,
            Limit = market ? (order.Side == Side.Buy ? BandHigh : BandLow) : order.PriceTicks,
        };

        if (order.TimeInForce == TimeInForce.PostOnly && _book.Crosses(order.Side, order.PriceTicks))
        {
            End(detachedSlot, output, Expired(order, taker, ExpiryReason.PostOnly));
            return false;
        }

        if (order.TimeInForce == TimeInForce.FillOrKill && _book.FillableLots(order.Side, taker.Limit, order.AccountId, Rules.SelfTradePrevention, order.Lots) < order.Lots)
        {
            End(detachedSlot, output, Expired(order, taker, ExpiryReason.FillOrKill));
            return false;
        }

        Match(ref taker, output);
        var traded = taker.FilledLots > 0;
        var remaining = order.Type == OrderType.MarketBuy ? 0 : order.Lots - taker.FilledLots;
        if (taker.PreventedMatchId != 0)
        {
            End(detachedSlot, output, Expired(order, taker, ExpiryReason.SelfTradePrevention));
        }
        else if (order.Type == OrderType.MarketBuy ? (taker.BudgetSpent || taker.Budget == 0) && traded : remaining == 0)
        {
            End(detachedSlot, output, new OrderOutcome(order.OrderId, order.AccountId, OrderState.Filled, taker.FilledLots, 0, taker.Notional));
        }
        else if (market)
        {
            var reason = _book.OppositeBeyond(order.Side, taker.Limit) ? ExpiryReason.PriceLimit : ExpiryReason.UnfilledMarket;
            End(detachedSlot, output, Expired(order, taker, reason));
        }
        else if (order.TimeInForce == TimeInForce.ImmediateOrCancel)
        {
            End(detachedSlot, output, Expired(order, taker, ExpiryReason.ImmediateOrCancel));
        }
        else
        {
            if (detachedSlot == OrderBook.None)
            {
                _book.Rest(order.OrderId, order.AccountId, order.Side, order.PriceTicks, remaining, order.TimeInForce == TimeInForce.PostOnly);
            }
            else
            {
                _book.Link(detachedSlot, order.PriceTicks, remaining);
            }

            output.Add(new OrderOutcome(order.OrderId, order.AccountId, OrderState.Open, taker.FilledLots, remaining, taker.Notional));
        }

        return traded;
    }

    /// <summary>Records an order's final outcome; a moved order that ends here gives up its slot.</summary>
    private void End(int detachedSlot, EngineOutput output, in OrderOutcome outcome)
    {
        if (detachedSlot != OrderBook.None)
        {
            _book.Discard(detachedSlot);
        }

        output.Add(outcome);
    }

    private void Match(ref Taker taker, EngineOutput output)
    {
        var ladder = _book.Ladder(taker.Side.Opposite());
        var buying = taker.Side == Side.Buy;
        var stp = Rules.SelfTradePrevention;
        while (taker.Lots > 0 && ladder.Count > 0)
        {
            var levelSlot = ladder.Best;
            var price = _book.Level(levelSlot).PriceTicks;
            if (buying ? price > taker.Limit : price < taker.Limit)
            {
                return;
            }

            var costPerLot = checked(price * Rules.NotionalPerTickLot);
            var slot = _book.Level(levelSlot).Head;
            while (slot != OrderBook.None)
            {
                ref var maker = ref _book.Order(slot);
                if (stp && maker.AccountId == taker.AccountId)
                {
                    taker.PreventedMatchId = maker.Id;
                    taker.Lots = 0;
                    return;
                }

                var lots = Math.Min(taker.Lots, maker.Lots);
                if (taker.ByBudget)
                {
                    lots = Math.Min(lots, FeeMath.AffordableLots(taker.Budget, costPerLot, Rules.TakerFeePpm));
                    if (lots == 0)
                    {
                        taker.BudgetSpent = true;
                        taker.Lots = 0;
                        return;
                    }

                    taker.Budget -= FeeMath.WithTakerFee(checked(lots * costPerLot), Rules.TakerFeePpm);
                }

                var next = maker.Next;
                var makerLeft = maker.Lots - lots;
                output.Add(new Fill(taker.OrderId, taker.AccountId, maker.Id, maker.AccountId, taker.Side, price, lots, makerLeft));
                taker.Lots -= lots;
                taker.FilledLots += lots;
                taker.Notional += checked(lots * costPerLot);
                LastTradePriceTicks = price;
                if (makerLeft == 0)
                {
                    _book.Remove(slot);
                }
                else
                {
                    _book.Reduce(slot, lots);
                }

                if (taker.Lots == 0)
                {
                    return;
                }

                // A maker left with lots means a market buy's budget ran short at this price: try the same
                // maker again, which finds the budget spent, rather than the next order (maybe the buyer's own).
                if (makerLeft == 0)
                {
                    slot = next;
                }
            }
        }
    }

    /// <summary>Enters stop orders whose trigger the last trade reached, until none fires.</summary>
    private void FireStops(EngineOutput output)
    {
        while (_stops.TryTakeFired(LastTradePriceTicks, out var stop))
        {
            var due = stop with { StopPriceTicks = 0 };
            if (due.Type == OrderType.Limit && ValidatePrice(due.PriceTicks) != Refusal.None)
            {
                output.Add(new OrderOutcome(due.OrderId, due.AccountId, OrderState.Expired, 0, due.Lots, 0, ExpiryReason.PriceLimit));
                continue;
            }

            Enter(due, output);
        }
    }

    private static OrderOutcome Refused(in OrderRequest order, Refusal refusal) =>
        new(order.OrderId, order.AccountId, OrderState.Refused, 0, order.Lots, 0, Refusal: refusal);

    private static OrderOutcome Expired(in OrderRequest order, in Taker taker, ExpiryReason reason)
    {
        var remaining = order.Type == OrderType.MarketBuy ? 0 : order.Lots - taker.FilledLots;
        return new OrderOutcome(order.OrderId, order.AccountId, OrderState.Expired, taker.FilledLots, remaining, taker.Notional, reason, taker.PreventedMatchId);
    }
}
