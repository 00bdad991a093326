using System.CommandLine;
using Kinko.Ledger;
using Kinko.Primitives;
using Spectre.Console;

namespace Kinko.Cli.Commands;

/// <summary><c>kinko ledger …</c>: look into the ledger of a data folder or PostgreSQL.</summary>
internal static class LedgerCommands
{
    public static Command Create() => new("ledger", "Inspect the double-entry ledger.")
    {
        Accounts(),
        TrialBalance(),
    };

    private static Command Accounts()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var command = new Command("accounts", "List accounts with their balances.") { data, postgres };
        command.SetAction(parse =>
        {
            using var engine = StoreOpener.OpenEngine(parse.GetValue(data)!, parse.GetValue(postgres));
            var table = new Table().AddColumns("id", "asset", "kind", "owner", "posted", "pending debits", "pending credits");
            foreach (var account in engine.Accounts())
            {
                var balance = engine.Balance(account.Id);
                var asset = AssetRegistry.Default.Get(account.Asset);
                table.AddRow(
                    account.Id.ToString(),
                    account.Asset,
                    account.Kind.ToString(),
                    account.OwnerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    AmountText.Format(balance.Posted, asset.Scale),
                    AmountText.Format(balance.DebitsPending, asset.Scale),
                    AmountText.Format(balance.CreditsPending, asset.Scale));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command TrialBalance()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var command = new Command("trial-balance", "Per asset, the sum of all balances: must be zero. Exit code 3 when it is not.") { data, postgres };
        command.SetAction(parse =>
        {
            using var engine = StoreOpener.OpenEngine(parse.GetValue(data)!, parse.GetValue(postgres));
            var lines = engine.TrialBalance();
            var table = new Table().AddColumns("asset", "accounts", "sum of posted", "sum of pending", "balanced");
            foreach (var line in lines)
            {
                table.AddRow(line.Asset, line.Accounts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    line.PostedSum.ToString(), line.PendingSum.ToString(), line.IsBalanced ? "yes" : "[red]NO[/]");
            }

            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"ledger position {engine.LastPosition}");
            return lines.All(l => l.IsBalanced) ? 0 : 3;
        });
        return command;
    }
}
