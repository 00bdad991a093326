using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Secrets;
using Kinko.Server.Accounts;
using Kinko.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kinko.Server.Admin;

/// <summary>Registers users, sessions, operators and the admin API with the server, and writes the CLI's admin token at start.</summary>
public static class AccountsModule
{
    /// <summary>Argon2id parameters new password hashes get (stored hashes keep theirs until the next login rehashes them).</summary>
    public static Argon2Settings PasswordSettings => Argon2Settings.Default;

    public static void AddServices(IServiceCollection services, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(sp => new SqlUserStore(Store(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SqlSessionStore(Store(sp)));
        services.AddSingleton(sp => new SqlAdminAudit(Store(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => new PasswordHasher(PasswordSettings));
        services.AddSingleton(sp => new Principals(
            sp.GetRequiredService<SqlUserStore>(), new SqlRecoveryCodes(Store(sp), sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<SecretBox>(), sp.GetRequiredService<PasswordHasher>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new Sessions(sp.GetRequiredService<SqlSessionStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AdminOperations(
            sp.GetRequiredService<Principals>(), sp.GetRequiredService<Api.Auth.ApiKeys>(), sp.GetRequiredService<LedgerEngine>(),
            sp.GetRequiredService<SqlUserStore>(), sp.GetRequiredService<SqlAdminAudit>(), sp.GetRequiredService<AssetRegistry>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TierOperations(sp.GetRequiredService<Principals>(), sp.GetRequiredService<Api.Limits.AccountTiers>(), sp.GetRequiredService<SqlAdminAudit>()));
        services.AddSingleton(sp => new KeyOperations(
            sp.GetRequiredService<Principals>(), sp.GetRequiredService<Api.Auth.ApiKeys>(), sp.GetRequiredService<SqlApiKeyStore>(), sp.GetRequiredService<SqlAdminAudit>()));
        services.AddSingleton(_ => AdminTokenFile.Create(options.DataFolder));
    }

    /// <summary>Call once the store is open (and so the data folder is this server's): writes the admin token file.</summary>
    public static void Start(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var token = app.Services.GetRequiredService<AdminTokenFile>();
        app.Lifetime.ApplicationStopped.Register(token.Delete);
    }

    private static SqlLedgerStore Store(IServiceProvider services) => (SqlLedgerStore)services.GetRequiredService<ILedgerStore>();
}
