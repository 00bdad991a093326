using Kinko.Primitives;
using Kinko.Trading.MarketData;
using Kinko.Trading.Markets;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Desk;

/// <summary>
/// The deterministic heart of trading: applies one command to its market's engine and settles what
/// happened through an <see cref="IHoldLedger"/>. Live, the ledger is the sequencer's open batch; in
/// replay it is nothing, and the same code rebuilds the same books and holds from the journal.
/// Single-threaded.
/// </summary>
public sealed class TradingCore
{
    private readonly Dictionary<string, MarketDesk> _markets = new(StringComparer.Ordinal);
    private readonly AssetRegistry _assets;
    private readonly Settlement _settlement;
    private readonly EngineOutput _output = new();
    private readonly HoldKeys _holdKeys = new();

    public TradingCore(AssetRegistry assets, TradingAccounts accounts)
    {
        _assets = assets ?? throw new ArgumentNullException(nameof(assets));
        _settlement = new Settlement(accounts ?? throw new ArgumentNullException(nameof(accounts)), _holdKeys);
    }

    /// <summary>The id the next accepted order gets.</summary>
    public long NextOrderId { get; set; } = 1;

    /// <summary>The number the next side of a fill gets (each fill numbers its taker's side, then its maker's).</summary>
    public long NextFillId { get; set; } = 1;

    public IReadOnlyDictionary<string, MarketDesk> Markets => _markets;

    public MarketDesk? Find(string pair) => _markets.GetValueOrDefault(pair);

    internal void AddRestored(MarketDesk desk) => _markets.Add(desk.Market.Pair, desk);

    /// <summary>
    /// Applies a command. <paramref name="journaledOrderId"/> is the order id a journal record carries
    /// (replay); live it is 0 and the next id is taken. Refused commands change nothing.
    /// </summary>
    internal TradingResult Execute(TradingCommand command, long sequence, DateTimeOffset at, IHoldLedger ledger, long journaledOrderId = 0)
    {
        if (command is ConfigureMarket configure)
        {
            return Configure(configure, sequence);
        }

        if (!_markets.TryGetValue(command.Pair, out var desk))
        {
            return TradingResult.Refused(new KinkoError(TradingErrors.UnknownMarket, $"no market '{command.Pair}'", "pair"));
        }

        _holdKeys.Begin(sequence);
        var result = command switch
        {
            PlaceOrder place => Place(desk, place, new Step(sequence, at), ledger, journaledOrderId),
            CancelOrder cancel => Cancel(desk, cancel, new Step(sequence, at), ledger),
            MoveOrder move => Move(desk, move, new Step(sequence, at), ledger),
            _ => throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command)),
        };
        if (result.Accepted)
        {
            desk.LastSequence = sequence;
        }

        return result;
    }

    private TradingResult Configure(ConfigureMarket command, long sequence)
    {
        var errors = MarketCatalog.Validate([command.Spec], _assets, out var markets);
        if (errors.Count > 0)
        {
            return TradingResult.Refused(new KinkoError(TradingErrors.InvalidMarket, string.Join("; ", errors), "market"));
        }

        var market = markets[0];
        if (_markets.TryGetValue(market.Pair, out var desk))
        {
            desk.Market = market;
            desk.Engine.Rules = market.Rules;
        }
        else
        {
            desk = new MarketDesk(market, new MatchingEngine(market.Rules));
            _markets.Add(market.Pair, desk);
        }

        desk.LastSequence = sequence;
        return new TradingResult(sequence, 0, null, [], [], []);
    }

    private TradingResult Place(MarketDesk desk, PlaceOrder command, Step step, IHoldLedger ledger, long journaledOrderId)
    {
        var clientIdError = CheckClientOrderId(command.ClientOrderId);
        if (clientIdError is not null)
        {
            return TradingResult.Refused(clientIdError);
        }

        var orderId = journaledOrderId > 0 ? journaledOrderId : NextOrderId;
        var market = desk.Market;
        var request = new OrderRequest(orderId, command.OwnerId, command.Side, command.Type, command.TimeInForce,
            command.PriceTicks, command.Lots, command.QuoteBudget, command.StopPriceTicks);
        var refusal = desk.Engine.Check(request);
        if (refusal != Refusal.None)
        {
            return TradingResult.Refused(TradingErrors.From(refusal, market));
        }

        var hold = new OrderHold(orderId, command.OwnerId, command.Side, command.Type, command.Type == OrderType.Limit ? command.PriceTicks : 0,
            command.Lots, command.QuoteBudget, market.Rules.MakerFeePpm, market.Rules.TakerFeePpm)
        {
            TimeInForce = command.TimeInForce,
            StopPriceTicks = command.StopPriceTicks,
            CreatedAt = step.At,
        };
        if (!_settlement.TryHold(market, hold, ledger, out var error))
        {
            return TradingResult.Refused(error!);
        }

        NextOrderId = Math.Max(NextOrderId, orderId + 1);
        desk.Holds.Add(orderId, hold);
        _output.Clear();
        desk.Engine.Place(request, _output);
        return Settle(desk, step, orderId, ledger);
    }

    private TradingResult Cancel(MarketDesk desk, CancelOrder command, Step step, IHoldLedger ledger)
    {
        if (!desk.Holds.TryGetValue(command.OrderId, out var hold) || hold.OwnerId != command.OwnerId)
        {
            return TradingResult.Refused(TradingErrors.From(Refusal.UnknownOrder));
        }

        _output.Clear();
        desk.Engine.Cancel(command.OrderId, _output);
        return Settle(desk, step, command.OrderId, ledger);
    }

    private TradingResult Move(MarketDesk desk, MoveOrder command, Step step, IHoldLedger ledger)
    {
        if (!desk.Holds.TryGetValue(command.OrderId, out var hold) || hold.OwnerId != command.OwnerId)
        {
            return TradingResult.Refused(TradingErrors.From(Refusal.UnknownOrder));
        }

        var refusal = desk.Engine.CheckMove(command.OrderId, command.NewPriceTicks);
        if (refusal != Refusal.None)
        {
            return TradingResult.Refused(TradingErrors.From(refusal, desk.Market), command.OrderId);
        }

        if (hold.Side == Side.Buy)
        {
            // A buy holds its notional at the limit: a new price needs a new hold, all or nothing.
            var oldLimit = hold.LimitTicks;
            hold.LimitTicks = command.NewPriceTicks;
            if (!_settlement.TryHold(desk.Market, hold, ledger, out var error))
            {
                hold.LimitTicks = oldLimit;
                return TradingResult.Refused(error!, command.OrderId);
            }
        }
        else
        {
            hold.LimitTicks = command.NewPriceTicks;
        }

        _output.Clear();
        desk.Engine.Move(command.OrderId, command.NewPriceTicks, _output);
        return Settle(desk, step, command.OrderId, ledger);
    }

    /// <summary>Settles the engine's output: every fill, then every order that ended releases its hold.</summary>
    private TradingResult Settle(MarketDesk desk, Step step, long orderId, IHoldLedger ledger)
    {
        var fills = _output.Fills;
        var pair = desk.Market.Pair;
        var trades = fills.Length == 0 ? [] : new Trade[fills.Length];
        var ownFills = fills.Length == 0 ? [] : new OwnFill[fills.Length * 2];
        List<OrderView>? ended = null; // most commands end no order
        for (var i = 0; i < fills.Length; i++)
        {
            var fill = fills[i];
            var taker = desk.Holds[fill.TakerOrderId];
            var maker = desk.Holds[fill.MakerOrderId];
            var (takerFee, makerFee) = _settlement.SettleFill(desk.Market, fill, taker, maker, FillId(step.Sequence, i), ledger);
            var trade = new Trade(desk.NextTradeId++, pair, step.At, fill.PriceTicks, fill.Lots, fill.TakerSide,
                fill.TakerOrderId, fill.MakerOrderId, fill.TakerAccountId, fill.MakerAccountId, step.Sequence, i);
            trades[i] = trade;
            var notional = desk.Market.Notional(fill.PriceTicks, fill.Lots);
            ownFills[2 * i] = new OwnFill(NextFillId++, taker.OwnerId, pair, trade.Id, taker.OrderId, taker.Side, false, fill.PriceTicks, fill.Lots, notional, takerFee, step.Sequence, i, step.At);
            ownFills[2 * i + 1] = new OwnFill(NextFillId++, maker.OwnerId, pair, trade.Id, maker.OrderId, maker.Side, true, fill.PriceTicks, fill.Lots, notional, makerFee, step.Sequence, i, step.At);
            if (fill.MakerRemainingLots == 0)
            {
                (ended ??= []).Add(OrderView.Of(pair, maker, waiting: false) with { State = OrderState.Filled });
                Finish(desk, maker, ledger);
            }
        }

        foreach (var outcome in _output.Outcomes)
        {
            Invariant.Assert(outcome.State != OrderState.Refused, "the engine refused a command it had accepted when checked");
            if (outcome.State is OrderState.Filled or OrderState.Cancelled or OrderState.Expired && desk.Holds.TryGetValue(outcome.OrderId, out var hold))
            {
                (ended ??= []).Add(OrderView.Ended(pair, hold, outcome));
                Finish(desk, hold, ledger);
            }
        }

        return new TradingResult(step.Sequence, orderId, null, _output.Outcomes.ToArray(), fills.ToArray(), trades) { At = step.At, OwnFills = ownFills, Ended = ended ?? [] };
    }

    private void Finish(MarketDesk desk, OrderHold hold, IHoldLedger ledger)
    {
        _settlement.Release(hold, ledger);
        desk.Holds.Remove(hold.OrderId);
    }

    /// <summary>A fill's id: its command's journal sequence and its place among the command's fills.</summary>
    public static string FillId(long sequence, int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"f{sequence}.{index}");

    /// <summary>Where a command sits in the journal and when it was recorded.</summary>
    private readonly record struct Step(long Sequence, DateTimeOffset At);

    private static KinkoError? CheckClientOrderId(string? clientOrderId)
    {
        if (clientOrderId is null)
        {
            return null;
        }

        return clientOrderId.Length is 0 or > PlaceOrder.MaxClientOrderIdLength || !clientOrderId.All(c => c is > ' ' and < (char)127)
            ? new KinkoError(ErrorCode.InvalidField, $"must be 1..{PlaceOrder.MaxClientOrderIdLength} printable ASCII characters", "client_order_id")
            : null;
    }
}
