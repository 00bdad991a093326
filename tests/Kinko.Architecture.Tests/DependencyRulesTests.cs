namespace Kinko.Architecture.Tests;

/// <summary>The rules themselves, on made-up graphs: they catch what they are meant to catch.</summary>
public sealed class DependencyRulesTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Table =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Kinko.Primitives"] = [],
            ["Kinko.Ledger"] = ["Kinko.Primitives"],
            ["Kinko.Storage"] = ["Kinko.Primitives", "Kinko.Ledger"],
            ["Kinko.Cli"] = [DependencyTable.AnySrcProject],
        };

    [Fact]
    public void A_project_missing_from_the_table_is_reported_with_how_to_fix_it()
    {
        var graph = Graph(("src", "Kinko.Primitives", []), ("src", "Kinko.Trading", ["Kinko.Primitives"]));

        var violations = DependencyRules.ProjectsMissingFromTable(graph, Table);

        violations.ShouldHaveSingleItem().ShouldContain("Kinko.Trading is not in the allowed-dependency table");
        violations[0].ShouldContain("DependencyTable.Allowed");
    }

    [Fact]
    public void A_reference_the_table_does_not_allow_is_reported()
    {
        var graph = Graph(
            ("src", "Kinko.Primitives", []),
            ("src", "Kinko.Ledger", ["Kinko.Primitives", "Kinko.Storage"]),
            ("src", "Kinko.Storage", ["Kinko.Ledger"]));

        DependencyRules.ReferencesNotAllowed(graph, Table)
            .ShouldHaveSingleItem().ShouldContain("Kinko.Ledger references Kinko.Storage");
    }

    [Fact]
    public void Any_src_project_allows_src_but_not_bench_tests_or_itself()
    {
        var graph = Graph(
            ("src", "Kinko.Primitives", []),
            ("src", "Kinko.Cli", ["Kinko.Primitives", "Kinko.Cli", "Kinko.TestSupport"]),
            ("tests", "Kinko.TestSupport", []));

        var violations = DependencyRules.ReferencesNotAllowed(graph, Table);

        violations.Count.ShouldBe(2);
        violations.ShouldContain(v => v.Contains("references Kinko.Cli,", StringComparison.Ordinal));
        violations.ShouldContain(v => v.Contains("references Kinko.TestSupport,", StringComparison.Ordinal));
    }

    [Fact]
    public void Cycles_are_found_including_a_project_referencing_itself()
    {
        var graph = Graph(
            ("src", "A", ["B"]),
            ("src", "B", ["C"]),
            ("src", "C", ["A"]),
            ("src", "D", ["D"]),
            ("src", "E", ["A"]));

        var cycles = DependencyRules.Cycles(graph);

        cycles.Count.ShouldBe(2);
        cycles.ShouldContain("reference cycle: A -> B -> C -> A");
        cycles.ShouldContain("reference cycle: D -> D");
    }

    [Fact]
    public void A_diamond_is_not_a_cycle()
    {
        var graph = Graph(("src", "A", ["B", "C"]), ("src", "B", ["D"]), ("src", "C", ["D"]), ("src", "D", []));

        DependencyRules.Cycles(graph).ShouldBeEmpty();
    }

    [Fact]
    public void A_domain_project_reaching_a_host_through_another_project_is_reported_with_the_chain()
    {
        var graph = Graph(
            ("src", "Kinko.Primitives", []),
            ("src", "Kinko.Trading", ["Kinko.Helpers"]),
            ("src", "Kinko.Helpers", ["Kinko.Storage"]),
            ("src", "Kinko.Storage", ["Kinko.Primitives"]));

        DependencyRules.DomainDependsOnHosts(graph, DependencyTable.DomainProjects, DependencyTable.HostProjects)
            .ShouldHaveSingleItem().ShouldContain("Kinko.Trading -> Kinko.Helpers -> Kinko.Storage");
    }

    [Fact]
    public void Src_reaching_tests_is_reported_directly_and_through_other_projects()
    {
        var graph = Graph(
            ("src", "Kinko.Cli", ["Kinko.Bench"]),
            ("src", "Kinko.Server", ["Kinko.TestSupport"]),
            ("bench", "Kinko.Bench", ["Kinko.TestSupport"]),
            ("tests", "Kinko.TestSupport", []));

        DependencyRules.SrcReferencesTests(graph).ShouldHaveSingleItem().ShouldContain("Kinko.Server references the test project");
        DependencyRules.SrcDependsOnTestsIndirectly(graph).ShouldBe(["Kinko.Cli -> Kinko.Bench -> Kinko.TestSupport"]);
    }

    [Fact]
    public void References_to_missing_project_files_are_reported()
    {
        var graph = new ProjectGraph(
        [
            new ProjectNode("A", "src/A/A.csproj", "src", [new ProjectReference("../Gone/Gone.csproj", "Gone", null)]),
        ]);

        DependencyRules.UnresolvedReferences(graph).ShouldHaveSingleItem().ShouldContain("points at no project file");
    }

    private static ProjectGraph Graph(params (string Area, string Name, string[] References)[] projects) =>
        new(projects.Select(p => new ProjectNode(
            p.Name,
            $"{p.Area}/{p.Name}/{p.Name}.csproj",
            p.Area,
            [.. p.References.Select(r => new ProjectReference($"../{r}/{r}.csproj", r, $"x/{r}/{r}.csproj"))])));
}
