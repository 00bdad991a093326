using System.Globalization;
using System.Security.Cryptography;
using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Server.Accounts;
using Kinko.Server.Admin;
using Kinko.Storage;

namespace Kinko.Server.Workers;

/// <summary>The demo's accounts as this start found or made them; <see cref="LoginCreated"/> and <see cref="KeyCreated"/> say what is new.</summary>
public sealed record DemoSetup(long MakerId, long TakerId, long TraderId, DemoLogin Login, string LoginFile, bool LoginCreated, bool KeyCreated);

/// <summary>
/// Creates, or finds again, the demo's three users (the market maker, a taker bot that makes the small
/// trades, and the demo trader) and funds them once through the ledger: admin credits from the
/// Adjustment account with fixed references, so a restart replays them and moves nothing. Top-ups are
/// credits too, at most one per account and asset per hour (the hour is in the reference).
/// </summary>
public sealed class DemoAccounts(AdminOperations admin, Principals principals, LedgerEngine ledger, AssetRegistry assets, TimeProvider time)
{
    public const string Actor = "demo";
    public const string MakerEmail = "market-maker@kinko.local";
    public const string TakerEmail = "taker-bot@kinko.local";
    public const string TraderEmail = "demo@kinko.local";

    /// <summary>Prefix of every demo credit reference (the ledger key is <c>admin-credit:</c> followed by it).</summary>
    public const string ReferencePrefix = "demo-";

    /// <summary>A bot is topped up when its available balance of an asset falls below this share of its funding (percent).</summary>
    public const int TopUpBelowPercent = 25;

    /// <summary>A top-up adds this share of the funding (percent).</summary>
    public const int TopUpPercent = 50;

    private const int PasswordLength = 24;
    private const string PasswordAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task<DemoSetup> EnsureAsync(string dataFolder, DemoOptions options, IReadOnlyCollection<string> assetCodes)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(assetCodes);
        var makerId = await EnsureUserAsync(MakerEmail, NewPassword()).ConfigureAwait(false);
        var takerId = await EnsureUserAsync(TakerEmail, NewPassword()).ConfigureAwait(false);

        // The password is written before the account is made: a crash in between reuses it.
        var login = DemoLoginFile.Read(dataFolder);
        var loginCreated = false;
        if (login is null || !string.Equals(login.Email, TraderEmail, StringComparison.Ordinal))
        {
            if (principals.FindByEmail(PrincipalKind.User, TraderEmail) is not null)
            {
                throw new InvalidOperationException(
                    $"the demo trader {TraderEmail} exists but {DemoLoginFile.PathIn(dataFolder)} with its password is gone; restore the file or start --demo on a new data folder");
            }

            login = new DemoLogin(TraderEmail, NewPassword(), null, null);
            DemoLoginFile.Write(dataFolder, login);
            loginCreated = true;
        }

        var traderId = await EnsureUserAsync(TraderEmail, login.Password).ConfigureAwait(false);
        var keyCreated = false;
        if (login.ApiKey is null)
        {
            var key = admin.CreateApiKey(Actor, TraderEmail, ["read", "trade"], null);
            login = login with { ApiKey = key.Key, ApiSecret = key.Secret };
            DemoLoginFile.Write(dataFolder, login);
            keyCreated = true;
        }

        foreach (var code in assetCodes)
        {
            var asset = assets.Get(code);
            Fund(MakerEmail, "maker", asset, BotFunding(asset, options, assetCodes));
            Fund(TakerEmail, "taker", asset, BotFunding(asset, options, assetCodes));
            Fund(TraderEmail, "trader", asset, DemoPrices.MinorUnitsWorth(asset, options.TraderFundingJpy));
        }

        return new DemoSetup(makerId, takerId, traderId, login, DemoLoginFile.PathIn(dataFolder), loginCreated, keyCreated);
    }

    /// <summary>What a bot starts with in an asset: its JPY value in each coin, and that much JPY for every coin.</summary>
    public static long BotFunding(Asset asset, DemoOptions options, IReadOnlyCollection<string> assetCodes)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(assetCodes);
        var coins = Math.Max(1, assetCodes.Count(c => !string.Equals(c, "JPY", StringComparison.Ordinal)));
        var jpy = asset.Code == "JPY" ? (decimal)options.BotFundingJpy * coins : options.BotFundingJpy;
        return DemoPrices.MinorUnitsWorth(asset, jpy);
    }

    /// <summary>What <paramref name="ownerId"/> can spend of <paramref name="asset"/> now.</summary>
    public long Available(long ownerId, string asset) =>
        ledger.FindAccount(asset, AccountKind.CustomerAvailable, ownerId) is { } account ? ledger.Balance(account.Id).Available : 0;

    /// <summary>Credits a bot when it runs low; at most once per account, asset and hour. Returns whether a credit was made.</summary>
    public bool TopUpIfLow(bool maker, long ownerId, Asset asset, long funding)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (funding <= 0 || Available(ownerId, asset.Code) >= funding / 100 * TopUpBelowPercent)
        {
            return false;
        }

        var hour = time.GetUtcNow().ToString("yyyyMMdd'T'HH", CultureInfo.InvariantCulture);
        var name = maker ? "maker" : "taker";
        var amount = Math.Max(1, funding / 100 * TopUpPercent);
        var result = admin.Credit(Actor, maker ? MakerEmail : TakerEmail, asset.Code, AmountText.Format(amount, asset.Scale),
            $"{ReferencePrefix}topup:{name}:{asset.Code}:{hour}", $"demo {name} top-up");
        return !result.Replayed;
    }

    private void Fund(string email, string name, Asset asset, long amount)
    {
        if (amount <= 0)
        {
            return;
        }

        try
        {
            admin.Credit(Actor, email, asset.Code, AmountText.Format(amount, asset.Scale), $"{ReferencePrefix}funding:{name}:{asset.Code}", $"demo {name} funding");
        }
        catch (AccountException e) when (e.Field == "reference")
        {
            // Funded before with another amount (the settings or the price table changed): once is enough.
        }
    }

    private async Task<long> EnsureUserAsync(string email, string password)
    {
        if (principals.FindByEmail(PrincipalKind.User, email) is { } existing)
        {
            return existing.Id;
        }

        return (await admin.CreateUserAsync(Actor, email, password).ConfigureAwait(false)).Id;
    }

    private static string NewPassword() => RandomNumberGenerator.GetString(PasswordAlphabet, PasswordLength);
}
