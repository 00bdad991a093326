using System.Xml.Linq;

namespace Kinko.Architecture.Tests;

/// <summary>A project file and the projects it references, by name (the file name without .csproj).</summary>
/// <param name="Area">The top folder: <c>src</c>, <c>bench</c> or <c>tests</c>.</param>
public sealed record ProjectNode(string Name, string Path, string Area, IReadOnlyList<ProjectReference> References);

/// <summary>A ProjectReference as written, and the project it points at.</summary>
/// <param name="TargetPath">Relative to the repository root; <c>null</c> when no project file is there.</param>
public sealed record ProjectReference(string Include, string TargetName, string? TargetPath);

/// <summary>The projects under the given top folders and their ProjectReference elements.</summary>
public sealed class ProjectGraph
{
    public static readonly string[] Areas = ["src", "bench", "tests"];

    public ProjectGraph(IEnumerable<ProjectNode> projects)
    {
        Projects = [.. projects.OrderBy(p => p.Path, StringComparer.Ordinal)];
        ByName = Projects
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<ProjectNode> Projects { get; }

    public IReadOnlyDictionary<string, ProjectNode> ByName { get; }

    public static ProjectGraph Load() =>
        new(Areas.SelectMany(area => Repository.Files(area, "*.csproj").Select(path => Read(path, area))));

    /// <summary>The projects <paramref name="name"/> references directly.</summary>
    public IEnumerable<ProjectNode> DirectReferences(string name) =>
        ByName.TryGetValue(name, out var project)
            ? project.References.Select(r => ByName.GetValueOrDefault(r.TargetName)).OfType<ProjectNode>()
            : [];

    /// <summary>
    /// Every project reachable from <paramref name="name"/>, each with one shortest chain of references
    /// leading to it, such as <c>Kinko.Cli -> Kinko.Bench -> Kinko.TestSupport</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Reachable(string name)
    {
        var chains = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<(string Name, string Chain)>([(name, name)]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var next in DirectReferences(current.Name))
            {
                if (!next.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && chains.TryAdd(next.Name, $"{current.Chain} -> {next.Name}"))
                {
                    queue.Enqueue((next.Name, chains[next.Name]));
                }
            }
        }

        return chains;
    }

    private static ProjectNode Read(string path, string area)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        var references = XDocument.Load(path)
            .Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()
            .Select(include =>
            {
                var target = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, include.Replace('\\', '/')));
                return new ProjectReference(
                    include,
                    System.IO.Path.GetFileNameWithoutExtension(target),
                    File.Exists(target) ? Repository.Relative(target) : null);
            })
            .ToList();

        return new ProjectNode(System.IO.Path.GetFileNameWithoutExtension(path), Repository.Relative(path), area, references);
    }
}
