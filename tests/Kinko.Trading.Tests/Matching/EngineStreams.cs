using FsCheck;
using FsCheck.Fluent;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Matching;

/// <summary>What a generated op does: place one of the order types, cancel or move.</summary>
public enum OpKind
{
    Limit,
    PostOnly,
    ImmediateOrCancel,
    FillOrKill,
    MarketSell,
    MarketBuy,
    Cancel,
    Move,
}

/// <summary>
/// One generated step before order ids are given out (see <see cref="CommandPlanner"/>).
/// <see cref="StopTicks"/> above 0 makes a place a stop order.
/// </summary>
public sealed record Op(OpKind Kind, long AccountId, Side Side, long PriceTicks, long Lots, long Budget, long StopTicks, int Pick);

/// <summary>A market's rules and a stream of commands for it.</summary>
public sealed record Scenario(MatchingRules Rules, Op[] Ops)
{
    public override string ToString() => $"{Rules} with {Ops.Length} ops:{Environment.NewLine}{string.Join(Environment.NewLine, Ops)}";
}

/// <summary>A command for the engine, with its order ids given out.</summary>
internal abstract record Command
{
    public abstract Result Apply(Market market);

    public abstract Result Apply(ReferenceBook model);
}

internal sealed record PlaceCommand(OrderRequest Order) : Command
{
    public override Result Apply(Market market) => market.Place(Order);

    public override Result Apply(ReferenceBook model) => model.Place(Order);
}

internal sealed record CancelCommand(long OrderId) : Command
{
    public override Result Apply(Market market) => market.Cancel(OrderId);

    public override Result Apply(ReferenceBook model) => model.Cancel(OrderId);
}

internal sealed record MoveCommand(long OrderId, long NewPriceTicks) : Command
{
    public override Result Apply(Market market) => market.Move(OrderId, NewPriceTicks);

    public override Result Apply(ReferenceBook model) => model.Move(OrderId, NewPriceTicks);
}

/// <summary>
/// Random command streams on a narrow price range (96 to 104 ticks, a few strays outside it and at
/// or below zero) for three accounts, so that orders meet, cross, collide with their own and hit the band.
/// </summary>
public static class EngineStreams
{
    /// <summary>Every order type, stop orders, cancels and moves, under random rules.</summary>
    public static Gen<Scenario> Any { get; } =
        from rules in AnyRules()
        from ops in Stream(AnyOp())
        select new Scenario(rules, ops);

    /// <summary>Good-til-cancelled and immediate-or-cancel limit orders, cancels and moves under plain rules.</summary>
    public static Gen<Scenario> LimitOnly { get; } =
        from ops in Stream(LimitOp())
        select new Scenario(MatchingRules.Plain, ops);

    /// <summary>
    /// Long limit-order streams over prices far wider than the price ladder's window (a cluster near
    /// 100,000 ticks, strays up to two billion): levels land outside the window and make it move.
    /// </summary>
    public static Gen<Scenario> Wide { get; } =
        from ops in Stream(WideOp(), 100, 400)
        select new Scenario(MatchingRules.Plain, ops);

    public static Arbitrary<Scenario> Arbitrary(Gen<Scenario> gen) => Arb.From(gen, Shrink);

    private static Gen<Op[]> Stream(Gen<Op> op, int shortest = 1, int longest = 60) =>
        from length in Gen.Choose(shortest, longest)
        from ops in Gen.ArrayOf(op, length)
        select ops;

    private static Gen<Op> WideOp() =>
        from kind in Gen.Frequency(
            (8, Gen.Constant(OpKind.Limit)),
            (1, Gen.Constant(OpKind.ImmediateOrCancel)),
            (2, Gen.Constant(OpKind.Cancel)),
            (3, Gen.Constant(OpKind.Move)))
        from account in Gen.Choose(1, 3)
        from side in Gen.Elements(Side.Buy, Side.Sell)
        from price in Gen.Frequency((6, Gen.Choose(99_990, 100_010)), (3, Gen.Choose(1, 1_000_000)), (2, Gen.Choose(1, 2_000_000_000)))
        from lots in Gen.Choose(1, 6)
        from pick in Gen.Choose(0, 40)
        select new Op(kind, account, side, price, lots, 0, 0, pick);

    private static Gen<MatchingRules> AnyRules() =>
        from minLots in Gen.Elements(1L, 1L, 2L)
        from notionalPerTickLot in Gen.Elements(1L, 100L)
        from makerFee in Gen.Elements(0L, -100L, 200L)
        from takerFee in Gen.Elements(0L, 333L, 2_500L)
        from band in Gen.Elements(0L, 0L, 30_000L)
        from stp in Gen.Elements(false, true)
        from maxResting in Gen.Elements(MatchingRules.DefaultMaxRestingOrders, MatchingRules.DefaultMaxRestingOrders, 12)
        from maxStops in Gen.Elements(MatchingRules.DefaultMaxStopOrders, 3)
        select new MatchingRules(minLots, notionalPerTickLot, makerFee, takerFee, band, stp, maxResting, maxStops);

    private static Gen<Op> AnyOp() =>
        from kind in Gen.Frequency(
            (6, Gen.Constant(OpKind.Limit)),
            (2, Gen.Constant(OpKind.PostOnly)),
            (2, Gen.Constant(OpKind.ImmediateOrCancel)),
            (2, Gen.Constant(OpKind.FillOrKill)),
            (1, Gen.Constant(OpKind.MarketSell)),
            (1, Gen.Constant(OpKind.MarketBuy)),
            (3, Gen.Constant(OpKind.Cancel)),
            (3, Gen.Constant(OpKind.Move)))
        from account in Gen.Choose(1, 3)
        from side in Gen.Elements(Side.Buy, Side.Sell)
        from price in Gen.Frequency((30, Gen.Choose(96, 104)), (2, Gen.Choose(85, 115)), (1, Gen.Choose(-1, 0)))
        from lots in Gen.Frequency((30, Gen.Choose(1, 6)), (1, Gen.Choose(-1, 0)))
        from budget in Gen.Frequency((20, Gen.Choose(1, 800)), (1, Gen.Choose(-1, 0)))
        from stop in Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(96, 104)))
        from pick in Gen.Frequency((12, Gen.Choose(0, 20)), (1, Gen.Choose(-4, -1)))
        select new Op(kind, account, side, price, lots, budget, stop, pick);

    private static Gen<Op> LimitOp() =>
        from kind in Gen.Frequency(
            (6, Gen.Constant(OpKind.Limit)),
            (2, Gen.Constant(OpKind.ImmediateOrCancel)),
            (3, Gen.Constant(OpKind.Cancel)),
            (3, Gen.Constant(OpKind.Move)))
        from account in Gen.Choose(1, 3)
        from side in Gen.Elements(Side.Buy, Side.Sell)
        from price in Gen.Choose(96, 104)
        from lots in Gen.Choose(1, 6)
        from pick in Gen.Frequency((12, Gen.Choose(0, 20)), (1, Gen.Choose(-3, -1)))
        select new Op(kind, account, side, price, lots, 0, 0, pick);

    /// <summary>Shorter streams: halves, quarters... of the ops taken out, down to single ops.</summary>
    private static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        var ops = scenario.Ops;
        for (var size = Math.Max(1, ops.Length / 2); ops.Length > 1 && size >= 1; size /= 2)
        {
            for (var start = 0; start + size <= ops.Length; start += size)
            {
                yield return scenario with { Ops = [.. ops[..start], .. ops[(start + size)..]] };
            }
        }
    }
}

public static class AnyStreams
{
    public static Arbitrary<Scenario> Scenarios() => EngineStreams.Arbitrary(EngineStreams.Any);
}

public static class WideStreams
{
    public static Arbitrary<Scenario> Scenarios() => EngineStreams.Arbitrary(EngineStreams.Wide);
}

public static class LimitStreams
{
    public static Arbitrary<Scenario> Scenarios() => EngineStreams.Arbitrary(EngineStreams.LimitOnly);
}
