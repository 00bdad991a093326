using Kinko.Ledger;
using Kinko.Primitives;
using Kinko.Server.Accounts;
using Kinko.Server.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace Kinko.Server.Workers;

/// <summary>Registers the demo market maker when <see cref="ServerOptions.Demo"/> is set (<c>kinko serve --demo</c>).</summary>
public static class DemoModule
{
    public static void AddServices(IServiceCollection services, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Demo is not { } demo)
        {
            return;
        }

        services.AddSingleton(demo);
        services.AddSingleton(sp => new DemoAccounts(
            sp.GetRequiredService<AdminOperations>(), sp.GetRequiredService<Principals>(), sp.GetRequiredService<LedgerEngine>(),
            sp.GetRequiredService<AssetRegistry>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DemoMarketMaker>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoMarketMaker>());
    }
}
