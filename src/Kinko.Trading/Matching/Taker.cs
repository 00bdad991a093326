namespace Kinko.Trading.Matching;

/// <summary>The incoming order's state while it matches.</summary>
internal struct Taker
{
    public long OrderId;
    public long AccountId;
    public Side Side;
    public long Limit;
    public long Lots;
    public long Budget;
    public bool ByBudget;
    public bool BudgetSpent;
    public long FilledLots;
    public long Notional;
    public long PreventedMatchId;
}
