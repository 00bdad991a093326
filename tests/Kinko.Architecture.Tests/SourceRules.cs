using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Kinko.Architecture.Tests;

public enum NamespaceStyle
{
    FileScoped,
    Block,
    TopLevelStatements,
    GlobalNamespaceTypes,
}

/// <summary>Checks of single files, kept free of the file system so that they can be tested on samples.</summary>
public static partial class SourceRules
{
    public const int MaxLines = 400;

    /// <summary>How a C# file declares its namespace.</summary>
    public static NamespaceStyle ClassifyNamespace(string source)
    {
        var code = WithoutComments(source);
        if (FileScopedNamespace().IsMatch(code))
        {
            return NamespaceStyle.FileScoped;
        }

        if (BlockNamespace().IsMatch(code))
        {
            return NamespaceStyle.Block;
        }

        var firstStatement = code.Split('\n')
            .Select(line => line.Trim())
            .FirstOrDefault(line => line.Length > 0 && !line.StartsWith("using ", StringComparison.Ordinal)
                && !line.StartsWith("global using ", StringComparison.Ordinal) && !line.StartsWith('#') && !line.StartsWith('['));
        return firstStatement is null || TypeDeclaration().IsMatch(firstStatement)
            ? NamespaceStyle.GlobalNamespaceTypes
            : NamespaceStyle.TopLevelStatements;
    }

    /// <summary>The number of lines, counting a last line without its newline.</summary>
    public static int CountLines(string text) =>
        text.Length == 0 ? 0 : text.Count(c => c == '\n') + (text[^1] == '\n' ? 0 : 1);

    /// <summary>Property settings in an MSBuild file that turn nullable analysis or warnings-as-errors off.</summary>
    public static IEnumerable<string> WeakenedBuildSettings(XDocument project) =>
        project.Descendants()
            .Where(e => (e.Name.LocalName == "Nullable" && !e.Value.Trim().Equals("enable", StringComparison.OrdinalIgnoreCase))
                || (e.Name.LocalName == "TreatWarningsAsErrors" && !e.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase)))
            .Select(e => $"<{e.Name.LocalName}>{e.Value}</{e.Name.LocalName}>");

    private static string WithoutComments(string source) =>
        Comments().Replace(source, match => new string('\n', match.Value.Count(c => c == '\n')));

    [GeneratedRegex(@"/\*.*?\*/|//[^\n]*", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"^\s*namespace\s+[\w.]+\s*;", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespace();

    [GeneratedRegex(@"^\s*namespace\s+[\w.]+\s*(\{|$)", RegexOptions.Multiline)]
    private static partial Regex BlockNamespace();

    [GeneratedRegex(@"^((public|internal|private|protected|file|static|sealed|abstract|partial|readonly|unsafe|ref|new)\s+)*(class|struct|record|interface|enum|delegate)\b")]
    private static partial Regex TypeDeclaration();
}
