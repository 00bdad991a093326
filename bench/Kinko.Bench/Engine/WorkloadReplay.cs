using Kinko.Trading.Matching;

namespace Kinko.Bench.Engine;

/// <summary>What a replay produced, in the summary's terms.</summary>
public sealed record ReplayResult(long Commands, long Trades, long TradedLots, long RestingOrders, long RestingLots, long BidLevels, long AskLevels, long LastTradePrice, long Refused)
{
    /// <summary>Where this result differs from what the summary expects (empty when it matches).</summary>
    public IReadOnlyList<string> Differences(WorkloadSummary expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var differences = new List<string>();
        Check("commands", Commands, expected.Commands);
        Check("trades", Trades, expected.Trades);
        Check("traded lots", TradedLots, expected.TradedLots);
        Check("final resting orders", RestingOrders, expected.FinalRestingOrders);
        Check("final resting lots", RestingLots, expected.FinalRestingLots);
        Check("final bid levels", BidLevels, expected.FinalBidLevels);
        Check("final ask levels", AskLevels, expected.FinalAskLevels);
        Check("final last trade price", LastTradePrice, expected.FinalLastTradePrice);
        Check("refused commands", Refused, 0);
        return differences;

        void Check(string what, long actual, long wanted)
        {
            if (actual != wanted)
            {
                differences.Add($"{what}: {actual}, expected {wanted}");
            }
        }
    }
}

/// <summary>
/// Replays workload commands on a <see cref="MatchingEngine"/>: place (GTC or IOC), cancel, and move
/// (the engine's native cancel-and-replace, keeping the id).
/// </summary>
public sealed class WorkloadReplay(MatchingEngine engine)
{
    private readonly EngineOutput _output = new();

    public MatchingEngine Engine { get; } = engine ?? throw new ArgumentNullException(nameof(engine));

    public long Trades { get; private set; }

    public long TradedLots { get; private set; }

    public long Refused { get; private set; }

    /// <summary>A fresh engine with the workload's rules: no fees, no band, no self-trade prevention.</summary>
    public static WorkloadReplay Fresh() => new(new MatchingEngine(MatchingRules.Plain));

    public void Run(ReadOnlySpan<WorkloadCommand> commands)
    {
        foreach (ref readonly var command in commands)
        {
            Execute(command);
        }
    }

    public void Execute(in WorkloadCommand command)
    {
        _output.Clear();
        switch (command.Op)
        {
            case WorkloadOp.Place:
                Engine.Place(
                    OrderRequest.Limit(command.OrderId, command.AccountId, command.Side, command.PriceTicks, command.Lots,
                        command.ImmediateOrCancel ? TimeInForce.ImmediateOrCancel : TimeInForce.GoodTilCancelled),
                    _output);
                break;
            case WorkloadOp.Cancel:
                Engine.Cancel(command.OrderId, _output);
                break;
            default:
                Engine.Move(command.OrderId, command.PriceTicks, _output);
                break;
        }

        Trades += _output.FillCount;
        foreach (ref readonly var fill in _output.Fills)
        {
            TradedLots += fill.Lots;
        }

        if (_output.Outcome.State == OrderState.Refused)
        {
            Refused++;
        }
    }

    public ReplayResult Result(long commands)
    {
        long restingLots = 0;
        foreach (var order in Engine.RestingOrders())
        {
            restingLots += order.Lots;
        }

        return new ReplayResult(commands, Trades, TradedLots, Engine.RestingOrderCount, restingLots, Engine.BidLevels, Engine.AskLevels, Engine.LastTradePriceTicks, Refused);
    }
}
