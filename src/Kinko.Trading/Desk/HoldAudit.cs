using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Trading.Desk;

/// <summary>
/// Checks that the ledger's open order holds are exactly the holds of the live orders: each live
/// order's current hold is open for the amount it needs, and no other order hold is open.
/// </summary>
public static class HoldAudit
{
    /// <summary>Prefix of every order hold key (<see cref="HoldKeys.NewHold"/>).</summary>
    public const string OrderHoldPrefix = HoldKeys.HoldPrefix;

    public static IReadOnlyList<string> Differences(TradingCore core, LedgerEngine ledger)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(ledger);
        var open = ledger.OpenPendings()
            .Where(t => t.Key.StartsWith(OrderHoldPrefix, StringComparison.Ordinal))
            .ToDictionary(t => t.Key, StringComparer.Ordinal);
        var differences = new List<string>();
        foreach (var desk in core.Markets.Values)
        {
            foreach (var hold in desk.Holds.Values)
            {
                var need = hold.Need(desk.Market);
                if (hold.HeldAmount != need)
                {
                    differences.Add($"order {hold.OrderId} holds {hold.HeldAmount} but needs {need}");
                }

                if (hold.HeldAmount == 0)
                {
                    continue;
                }

                if (!open.Remove(hold.CurrentKey, out var pending))
                {
                    differences.Add($"order {hold.OrderId}: hold {hold.CurrentKey} is not open in the ledger");
                }
                else if (pending.Amount != hold.HeldAmount)
                {
                    differences.Add($"order {hold.OrderId}: hold {hold.CurrentKey} is {pending.Amount} in the ledger, {hold.HeldAmount} in the book");
                }
            }
        }

        differences.AddRange(open.Keys.Select(k => $"hold {k} is open in the ledger but no live order owns it"));
        return differences;
    }

    public static void Check(TradingCore core, LedgerEngine ledger)
    {
        var differences = Differences(core, ledger);
        Invariant.Assert(differences.Count == 0, "order holds differ from the ledger: " + string.Join("; ", differences.Take(5)));
    }
}
