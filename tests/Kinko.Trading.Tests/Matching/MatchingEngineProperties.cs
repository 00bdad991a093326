using FsCheck.Xunit;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Matching;

/// <summary>Random streams of places, cancels and moves, checked after every command.</summary>
public sealed class MatchingEngineProperties
{
    [Property(MaxTest = 300, Arbitrary = [typeof(AnyStreams)])]
    public void After_every_command_the_book_is_uncrossed_and_consistent_and_no_order_fills_more_than_it_asked(Scenario scenario)
    {
        var market = new Market(scenario.Rules);
        var tally = new OrderTally(scenario.Rules);
        var planner = new CommandPlanner(scenario.Rules);
        for (var i = 0; i < scenario.Ops.Length; i++)
        {
            var command = planner.Next(scenario.Ops[i], market.Engine);
            var step = $"command {i}: {command}";
            tally.Record(command, command.Apply(market), step);
            tally.Check(market.Engine, step);
        }
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(LimitStreams)])]
    public void Limit_orders_cancels_and_moves_trade_exactly_as_the_reference_book_does(Scenario scenario) =>
        AgreesWithTheReferenceBook(scenario);

    [Property(MaxTest = 200, Arbitrary = [typeof(WideStreams)])]
    public void Books_spread_far_wider_than_the_price_window_trade_exactly_as_the_reference_book_does(Scenario scenario) =>
        AgreesWithTheReferenceBook(scenario);

    [Property(MaxTest = 300, Arbitrary = [typeof(AnyStreams)])]
    public void Every_kind_of_command_under_any_rules_trades_exactly_as_the_reference_book_does(Scenario scenario) =>
        AgreesWithTheReferenceBook(scenario);

    private static void AgreesWithTheReferenceBook(Scenario scenario)
    {
        var market = new Market(scenario.Rules);
        var model = new ReferenceBook(scenario.Rules);
        var planner = new CommandPlanner(scenario.Rules);
        for (var i = 0; i < scenario.Ops.Length; i++)
        {
            var command = planner.Next(scenario.Ops[i], market.Engine);
            var step = $"command {i}: {command}";
            var expected = command.Apply(model);
            var actual = command.Apply(market);

            actual.Fills.ShouldBe(expected.Fills, $"{step}: fills");
            actual.Outcomes.ShouldBe(expected.Outcomes, $"{step}: outcomes");
            market.Book.ShouldBe([.. model.RestingOrders()], $"{step}: book");
            market.Stops.ShouldBe([.. model.StopOrders()], $"{step}: stop orders");
            market.Engine.LastTradePriceTicks.ShouldBe(model.LastTradePriceTicks, $"{step}: last trade price");
        }
    }
}
