using Kinko.TestSupport;

namespace Kinko.Integration.Tests;

/// <summary>One durable PostgreSQL server (fsync and synchronous_commit on) shared by the tests that need it.</summary>
[CollectionDefinition(Name)]
public sealed class DurablePostgresCollection : ICollectionFixture<DurablePostgresFixture>
{
    public const string Name = "durable postgres";
}
