using System.Xml.Linq;

namespace Kinko.Architecture.Tests;

/// <summary>Conventions of the code under src/; offenders are reported by path.</summary>
public sealed class SourceConventionTests
{
    [Fact]
    public void The_root_build_settings_turn_on_nullable_and_warnings_as_errors()
    {
        var props = XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props"));

        props.Descendants("Nullable").Select(e => e.Value).ShouldBe(["enable"]);
        props.Descendants("TreatWarningsAsErrors").Select(e => e.Value).ShouldBe(["true"]);
    }

    [Fact]
    public void No_src_project_turns_off_nullable_or_warnings_as_errors()
    {
        var buildFiles = Repository.Files("src", "*.csproj")
            .Concat(Repository.Files("src", "Directory.Build.*"))
            .ToList();
        buildFiles.ShouldNotBeEmpty();

        buildFiles
            .SelectMany(path => SourceRules.WeakenedBuildSettings(XDocument.Load(path))
                .Select(setting => $"{Repository.Relative(path)}: {setting}"))
            .ToList()
            .ShouldBeNone();
    }

    [Fact]
    public void No_src_file_turns_off_nullable_analysis() =>
        SourceFiles()
            .Where(file => file.Text.Contains("#nullable disable", StringComparison.Ordinal))
            .Select(file => $"{file.Path}: #nullable disable")
            .ToList()
            .ShouldBeNone();

    /// <summary>
    /// SQLite runs in multi-thread mode (no per-call mutex): a command or statement left for the
    /// finalizer could be finalized on the GC thread while its connection is in use elsewhere. Every
    /// command is therefore disposed where it is created.
    /// </summary>
    [Fact]
    public void Every_database_command_is_created_in_a_using() =>
        SourceFiles()
            .SelectMany(file => file.Text.Split('\n').Select((line, i) => (file.Path, Line: line, Number: i + 1)))
            .Where(l => l.Line.Contains("CreateCommand()", StringComparison.Ordinal) && !l.Line.TrimStart().StartsWith("using ", StringComparison.Ordinal)
                && !l.Line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !l.Line.TrimStart().StartsWith("///", StringComparison.Ordinal))
            .Select(l => $"{l.Path}:{l.Number}: CreateCommand() outside a using")
            .ToList()
            .ShouldBeNone();

    [Fact]
    public void Every_src_cs_file_uses_LF_line_endings() =>
        SourceFiles()
            .Where(file => file.Text.Contains('\r', StringComparison.Ordinal))
            .Select(file => $"{file.Path}: has CR characters (CRLF line endings?)")
            .ToList()
            .ShouldBeNone();

    [Fact]
    public void Every_src_cs_file_uses_a_file_scoped_namespace() =>
        SourceFiles()
            .Select(file => (file.Path, Style: SourceRules.ClassifyNamespace(file.Text)))
            .Where(file => file.Style is not (NamespaceStyle.FileScoped or NamespaceStyle.TopLevelStatements))
            .Select(file => $"{file.Path}: {file.Style}")
            .ToList()
            .ShouldBeNone();

    [Fact]
    public void No_src_file_is_longer_than_the_limit()
    {
        var files = Repository.Files("src", "*").ToList();
        files.ShouldNotBeEmpty();

        files
            .Select(path => (Path: Repository.Relative(path), Lines: SourceRules.CountLines(File.ReadAllText(path))))
            .Where(file => file.Lines > SourceRules.MaxLines)
            .Select(file => $"{file.Path}: {file.Lines} lines (at most {SourceRules.MaxLines}); split it")
            .ToList()
            .ShouldBeNone();
    }

    private static List<(string Path, string Text)> SourceFiles()
    {
        var files = Repository.Files("src", "*.cs")
            .Select(path => (Repository.Relative(path), File.ReadAllText(path)))
            .ToList();
        files.ShouldNotBeEmpty();
        return files;
    }
}
