using System.CommandLine;

namespace Kinko.Cli.Commands;

/// <summary><c>kinko admin …</c>: operator actions on money, audited.</summary>
internal static class AdminCommands
{
    public static Command Create() => new("admin", "Operator actions (audited in admin_audit).") { Credit(), Tier() };

    private static Command Credit()
    {
        var (data, postgres) = (CommonOptions.Data(), CommonOptions.Postgres());
        var email = new Option<string>("--email") { Description = "The user to credit.", Required = true };
        var asset = new Option<string>("--asset") { Description = "The asset, e.g. JPY or BTC.", Required = true };
        var amount = new Option<string>("--amount") { Description = "The amount in the asset's unit, at most its number of decimals (JPY 4, BTC 8).", Required = true };
        var reference = new Option<string>("--reference") { Description = "Your reference: the credit's idempotency key (the same reference never credits twice).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why: kept in the ledger and the audit log.", Required = true };
        var command = new Command("credit", "Credit a user's available balance from the Adjustment account (a manual, audited adjustment).")
        {
            email, asset, amount, reference, reason, data, postgres,
        };
        command.SetAction((parse, _) => AdminCommandRunner.RunAsync(parse, data, postgres, async session =>
        {
            var result = await session.CreditAsync(parse.GetValue(email)!, parse.GetValue(asset)!, parse.GetValue(amount)!, parse.GetValue(reference)!, parse.GetValue(reason)!);
            Console.WriteLine(result.Replayed
                ? $"already credited under reference {result.Reference}: {result.Amount} {result.Asset} to {result.Email} (ledger position {result.LedgerPosition}); nothing changed"
                : $"credited {result.Amount} {result.Asset} to {result.Email} (user {result.UserId}), reference {result.Reference}, ledger position {result.LedgerPosition} ({session.Where})");
        }));
        return command;
    }

    private static Command Tier()
    {
        var (data, postgres) = (CommonOptions.Data(), CommonOptions.Postgres());
        var email = new Option<string>("--email") { Description = "The user whose rate limits change.", Required = true };
        var tier = new Option<string>("--tier") { Description = "The tier: default, market_maker, or one named in kinko.json's rateLimits.tiers.", Required = true };
        var command = new Command("tier", "Put a user's account in a rate-limit tier (e.g. market_maker for a market maker's bot).") { email, tier, data, postgres };
        command.SetAction((parse, _) => AdminCommandRunner.RunAsync(parse, data, postgres, async session =>
        {
            var result = await session.SetTierAsync(parse.GetValue(email)!, parse.GetValue(tier)!);
            Console.WriteLine($"{result.Email} (user {result.UserId}) is now in the {result.Tier} tier ({session.Where})");
        }));
        return command;
    }
}
