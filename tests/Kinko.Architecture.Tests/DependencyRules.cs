namespace Kinko.Architecture.Tests;

/// <summary>Checks of a <see cref="ProjectGraph"/>; each returns one readable line per violation.</summary>
public static class DependencyRules
{
    public const string TableFile = "tests/Kinko.Architecture.Tests/DependencyTable.cs";

    public static IReadOnlyList<string> ProjectsMissingFromTable(
        ProjectGraph graph, IReadOnlyDictionary<string, IReadOnlyList<string>> table) =>
        [.. graph.Projects
            .Where(p => !table.ContainsKey(p.Name))
            .Select(p => $"{p.Path}: project {p.Name} is not in the allowed-dependency table. Add it to "
                + $"DependencyTable.Allowed in {TableFile}, listing the projects it may reference "
                + "(references point one way: hosts -> storage -> domain -> Kinko.Primitives).")];

    public static IReadOnlyList<string> ReferencesNotAllowed(
        ProjectGraph graph, IReadOnlyDictionary<string, IReadOnlyList<string>> table)
    {
        var violations = new List<string>();
        foreach (var project in graph.Projects)
        {
            if (!table.TryGetValue(project.Name, out var allowed))
            {
                continue;
            }

            foreach (var reference in project.References)
            {
                var target = graph.ByName.GetValueOrDefault(reference.TargetName);
                var permitted = allowed.Contains(reference.TargetName, StringComparer.OrdinalIgnoreCase)
                    || (allowed.Contains(DependencyTable.AnySrcProject, StringComparer.Ordinal) && target?.Area == "src"
                        && !target.Name.Equals(project.Name, StringComparison.OrdinalIgnoreCase));
                if (!permitted)
                {
                    violations.Add($"{project.Path}: {project.Name} references {reference.TargetName}, which the "
                        + $"table allows it only [{string.Join(", ", allowed)}]. Remove the reference, or if the "
                        + $"direction is right, change DependencyTable.Allowed in {TableFile}.");
                }
            }
        }

        return violations;
    }

    public static IReadOnlyList<string> UnresolvedReferences(ProjectGraph graph) =>
        [.. graph.Projects.SelectMany(p => p.References
            .Where(r => r.TargetPath is null || !graph.ByName.ContainsKey(r.TargetName))
            .Select(r => r.TargetPath is null
                ? $"{p.Path}: ProjectReference '{r.Include}' points at no project file"
                : $"{p.Path}: ProjectReference '{r.Include}' points outside src/, bench/ and tests/ ({r.TargetPath})"))];

    public static IReadOnlyList<string> DuplicateNames(ProjectGraph graph) =>
        [.. graph.Projects
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => $"project name {g.Key} is used by {string.Join(" and ", g.Select(p => p.Path))}")];

    /// <summary>Reference cycles, each as a chain that ends where it starts.</summary>
    public static IReadOnlyList<string> Cycles(ProjectGraph graph)
    {
        var cycles = new List<string>();
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var path = new List<string>();

        void Visit(string name)
        {
            var index = path.FindIndex(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                cycles.Add("reference cycle: " + string.Join(" -> ", path.Skip(index).Append(name)));
                return;
            }

            if (!done.Add(name))
            {
                return;
            }

            path.Add(name);
            foreach (var next in graph.DirectReferences(name))
            {
                Visit(next.Name);
            }

            path.RemoveAt(path.Count - 1);
        }

        foreach (var project in graph.Projects)
        {
            Visit(project.Name);
        }

        return cycles;
    }

    /// <summary>Domain projects reaching a host project, or anything under bench/ or tests/, even indirectly.</summary>
    public static IReadOnlyList<string> DomainDependsOnHosts(
        ProjectGraph graph, IReadOnlySet<string> domain, IReadOnlySet<string> hosts) =>
        [.. graph.Projects
            .Where(p => domain.Contains(p.Name))
            .SelectMany(p => graph.Reachable(p.Name)
                .Where(r => hosts.Contains(r.Key) || graph.ByName[r.Key].Area != "src")
                .Select(r => $"{p.Path}: domain project {p.Name} depends on {r.Key} ({r.Value}); the domain "
                    + "never references storage, the server, the CLI, benchmarks or tests"))];

    /// <summary>src/ projects referencing a tests/ project directly.</summary>
    public static IReadOnlyList<string> SrcReferencesTests(ProjectGraph graph) =>
        [.. graph.Projects
            .Where(p => p.Area == "src")
            .SelectMany(p => graph.DirectReferences(p.Name)
                .Where(target => target.Area == "tests")
                .Select(target => $"{p.Path}: {p.Name} references the test project {target.Path}"))];

    /// <summary>src/ projects that reach a tests/ project through other projects, as chains.</summary>
    public static IReadOnlyList<string> SrcDependsOnTestsIndirectly(ProjectGraph graph) =>
        [.. graph.Projects
            .Where(p => p.Area == "src")
            .SelectMany(p => graph.Reachable(p.Name)
                .Where(r => graph.ByName[r.Key].Area == "tests" && r.Value.Split(" -> ").Length > 2)
                .Select(r => r.Value))];

    /// <summary>Test projects (*.Tests) are never referenced: they are not libraries.</summary>
    public static IReadOnlyList<string> ReferencesToTestProjects(ProjectGraph graph) =>
        [.. graph.Projects.SelectMany(p => p.References
            .Where(r => r.TargetName.EndsWith(".Tests", StringComparison.OrdinalIgnoreCase))
            .Select(r => $"{p.Path}: {p.Name} references the test project {r.TargetName}"))];
}
