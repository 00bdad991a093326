using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kinko.Trading.Matching;

namespace Kinko.Trading.Tests.Matching;

public sealed class FeeMathTests
{
    [Theory]
    [InlineData(1_000_000, 1_000, 1_000)]
    [InlineData(1_000, 2_500, 3)]
    [InlineData(1_001, 1_000, 2)]
    [InlineData(1, 1, 1)]
    [InlineData(999_999, 1, 1)]
    [InlineData(0, 2_500, 0)]
    [InlineData(12_345, 0, 0)]
    public void A_fee_charged_rounds_up_to_the_next_minor_unit(long notional, long ratePpm, long fee) =>
        FeeMath.Fee(notional, ratePpm).ShouldBe(fee);

    [Theory]
    [InlineData(1_000_000, -1_000, -1_000)]
    [InlineData(1_000, -2_500, -2)]
    [InlineData(1_999, -1_000, -1)]
    [InlineData(1, -1, 0)]
    [InlineData(999_999, -1, 0)]
    public void A_rebate_rounds_down_so_the_exchange_never_pays_a_fraction(long notional, long ratePpm, long fee) =>
        FeeMath.Fee(notional, ratePpm).ShouldBe(fee);

    [Fact]
    public void A_fee_on_a_notional_beyond_the_long_range_once_multiplied_is_still_exact() =>
        FeeMath.Fee(long.MaxValue / 2, 2_000).ShouldBe((long)(((Int128)(long.MaxValue / 2) * 2_000 + 999_999) / 1_000_000));

    [Fact]
    public void The_taker_cost_is_the_notional_plus_its_rounded_up_fee() =>
        FeeMath.WithTakerFee(1_000, 2_500).ShouldBe(1_003);

    [Theory]
    [InlineData(1_003, 1_000, 2_500, 1)]
    [InlineData(1_002, 1_000, 2_500, 0)]
    [InlineData(2_005, 1_000, 2_500, 2)]
    [InlineData(2_004, 1_000, 2_500, 1)]
    [InlineData(10, 1, 1, 9)]
    [InlineData(5_000, 1_000, 0, 5)]
    [InlineData(4_999, 1_000, 0, 4)]
    [InlineData(998, 1_000, -2_500, 1)]
    [InlineData(0, 1_000, 0, 0)]
    [InlineData(-5, 1_000, 0, 0)]
    [InlineData(1_000, 0, 0, 0)]
    public void Affordable_lots_is_the_most_lots_whose_cost_and_fee_fit_the_budget(long budget, long costPerLot, long feePpm, long lots) =>
        FeeMath.AffordableLots(budget, costPerLot, feePpm).ShouldBe(lots);

    [Property(MaxTest = 2_000, Arbitrary = [typeof(BudgetArbitrary)])]
    public void Affordable_lots_fit_the_budget_and_one_more_lot_would_not(BudgetCase c)
    {
        var lots = FeeMath.AffordableLots(c.Budget, c.CostPerLot, c.TakerFeePpm);

        lots.ShouldBeGreaterThanOrEqualTo(0);
        FeeMath.WithTakerFee(lots * c.CostPerLot, c.TakerFeePpm).ShouldBeLessThanOrEqualTo(c.Budget);
        FeeMath.WithTakerFee((lots + 1) * c.CostPerLot, c.TakerFeePpm).ShouldBeGreaterThan(c.Budget);
    }
}

/// <summary>A market buy's budget, the cost of one lot at some price, and a taker fee rate (maybe a rebate).</summary>
public sealed record BudgetCase(long Budget, long CostPerLot, long TakerFeePpm);

public static class BudgetArbitrary
{
    public static Arbitrary<BudgetCase> Cases() =>
        (from budget in Gen.Frequency((3, Gen.Choose(1, 100_000)), (1, Gen.Choose(1, int.MaxValue)))
         from cost in Gen.Frequency((3, Gen.Choose(1, 1_000)), (1, Gen.Choose(1, 10_000_000)))
         from fee in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 10_000)), (1, Gen.Choose(-5_000, -1)), (1, Gen.Choose(1, 999_999)))
         select new BudgetCase(budget, cost, fee)).ToArbitrary();
}
