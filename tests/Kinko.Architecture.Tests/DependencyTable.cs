namespace Kinko.Architecture.Tests;

/// <summary>
/// Which project may reference which: references point one way, from hosts (Server, Cli) through
/// infrastructure (Storage) to the domain, whose root is Kinko.Primitives. Every project under src/,
/// bench/ and tests/ must have an entry here. Allowed is not required: an entry lists what a project
/// may reference, not what it must.
/// </summary>
public static class DependencyTable
{
    /// <summary>In an entry: any project under src/ (other than the project itself).</summary>
    public const string AnySrcProject = "src/*";

    public const string Primitives = "Kinko.Primitives";
    public const string Ledger = "Kinko.Ledger";
    public const string Secrets = "Kinko.Secrets";
    public const string Trading = "Kinko.Trading";
    public const string Custody = "Kinko.Custody";
    public const string Chains = "Kinko.Chains";
    public const string Operations = "Kinko.Operations";
    public const string Storage = "Kinko.Storage";
    public const string Server = "Kinko.Server";
    public const string Cli = "Kinko.Cli";
    public const string Bench = "Kinko.Bench";
    public const string TestSupport = "Kinko.TestSupport";

    /// <summary>
    /// The domain (CONVENTIONS.md "Layout"), including projects still to come. They never reference
    /// storage, the server or the CLI, not even through another project.
    /// </summary>
    public static IReadOnlySet<string> DomainProjects { get; } =
        new HashSet<string>([Primitives, Ledger, Secrets, Trading, Custody, Chains, Operations], StringComparer.OrdinalIgnoreCase);

    /// <summary>What the domain must never depend on.</summary>
    public static IReadOnlySet<string> HostProjects { get; } =
        new HashSet<string>([Storage, Server, Cli], StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Allowed { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            // src/, the domain: Primitives depends on nothing; the rest lean on Primitives only.
            [Primitives] = [],
            [Secrets] = [Primitives],
            [Ledger] = [Primitives],
            [Trading] = [Primitives, Ledger],

            // src/, infrastructure and hosts: they compose the domain.
            [Storage] = [Primitives, Ledger],
            [Server] = [Primitives, Ledger, Storage, Secrets, Trading, Custody, Chains, Operations],
            [Cli] = [AnySrcProject, Bench],

            // bench/
            [Bench] = [Primitives, Ledger, Trading, Storage, Server, TestSupport],

            // tests/
            [TestSupport] = [],
            ["Kinko.TestSupport.Tests"] = [TestSupport],
            ["Kinko.Primitives.Tests"] = [Primitives],
            ["Kinko.Secrets.Tests"] = [Primitives, Secrets],
            ["Kinko.Ledger.Tests"] = [Primitives, Ledger, Storage, TestSupport],
            ["Kinko.Trading.Tests"] = [Primitives, Ledger, Trading, Storage, Bench, TestSupport],
            ["Kinko.Integration.Tests"] = [AnySrcProject, TestSupport],
            ["Kinko.Architecture.Tests"] = [],
        };
}
