using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Runs the build stage of one of the repository's Dockerfiles without a container engine: the build context is the
/// repository minus <c>.dockerignore</c>; <c>WORKDIR</c>, <c>COPY</c> and <c>RUN</c> are carried out in a scratch
/// folder that stands for the image's file system (an absolute path <c>/x</c> becomes <c>{scratch}/x</c>). Only
/// <c>dotnet</c> and <c>npm</c> commands may be run, exactly as written; <c>COPY --from</c> copies out of an earlier stage. Proves that the files the Dockerfile copies are enough to
/// restore and publish, and yields the published output the runtime stage would copy.
/// </summary>
internal static class DockerfileBuildStage
{
    /// <summary>
    /// Runs every stage of <paramref name="dockerfile"/> but the last (the runtime stage), each in its own scratch root,
    /// in order, and returns the root of the stage named <c>build</c> (or of the last one run).
    /// </summary>
    /// <param name="dockerfile">The file name at the repository root, e.g. <c>Dockerfile.silo</c>.</param>
    /// <param name="output">Where to say what ran.</param>
    public static async Task<string> RunAsync(string dockerfile, ITestOutputHelper output)
    {
        var repo = ServiceProcess.RepositoryRoot();
        var ignore = DockerIgnore(File.ReadAllLines(Path.Combine(repo, ".dockerignore")));
        var roots = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var (name, instructions) in BuildStages(File.ReadAllLines(Path.Combine(repo, dockerfile))))
        {
            var root = Directory.CreateTempSubdirectory("automation-image-").FullName;
            var workdir = "/";
            foreach (var instruction in instructions)
            {
                var words = instruction.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                switch (words[0].ToUpperInvariant())
                {
                    case "WORKDIR":
                        workdir = words[1];
                        Directory.CreateDirectory(Map(root, workdir));
                        break;
                    case "COPY" when words[1].StartsWith("--from=", StringComparison.Ordinal):
                        // A file or folder of an earlier stage: COPY --from=console /console/dist/ src/Automation.Console/dist/
                        roots.Should().ContainKey(words[1]["--from=".Length..], $"{dockerfile}: {instruction} names an earlier stage");
                        var from = Map(roots[words[1]["--from=".Length..]], words[2]);
                        var to = Path.Combine(Map(root, workdir), words[3]);
                        Directory.Exists(from).Should().BeTrue($"{dockerfile}: {instruction}: the earlier stage made no {words[2]}");
                        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
                        {
                            var target = Path.Combine(to, Path.GetRelativePath(from, file));
                            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                            File.Copy(file, target, overwrite: true);
                        }

                        break;
                    case "COPY":
                        var destination = Path.Combine(Map(root, workdir), words[^1]);
                        foreach (var source in words[1..^1])
                        {
                            Copy(repo, source.TrimEnd('/'), destination, words[^1].EndsWith('/') || words.Length > 3, ignore);
                        }

                        break;
                    case "RUN":
                        words[1].Should().BeOneOf(["dotnet", "npm"], $"the build stages run dotnet and npm only: {instruction}");
                        var arguments = words[2..].Select(w => w.StartsWith('/') ? Map(root, w) : w).ToList();
                        output.WriteLine($"{dockerfile} ({name}): {instruction}");
                        await ToolAsync(words[1], Map(root, workdir), arguments);
                        break;
                    default:
                        throw new InvalidOperationException($"{dockerfile}: the test does not know how to run '{instruction}'.");
                }
            }

            roots[name] = root;
            last = root;
        }

        return roots.TryGetValue("build", out var build) ? build : last ?? throw new InvalidOperationException($"{dockerfile} has no build stage.");
    }

    public static string Map(string root, string imagePath) => Path.Combine(root, imagePath.TrimStart('/'));

    /// <summary>The instructions of every stage but the last (the runtime stage), with each stage's name.</summary>
    /// <param name="lines">The Dockerfile's lines.</param>
    public static IReadOnlyList<(string Name, IReadOnlyList<string> Instructions)> BuildStages(IEnumerable<string> lines)
    {
        var instructions = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            current.Append(line.TrimEnd('\\').Trim()).Append(' ');
            if (!line.EndsWith('\\'))
            {
                instructions.Add(current.ToString().Trim());
                current.Clear();
            }
        }

        var froms = instructions.Select((text, index) => (text, index)).Where(i => i.text.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase)).Select(i => i.index).ToList();
        froms.Count.Should().BeGreaterThanOrEqualTo(2, "the Dockerfile is multi-stage");
        var stages = new List<(string, IReadOnlyList<string>)>();
        for (var i = 0; i < froms.Count - 1; i++)
        {
            var from = instructions[froms[i]].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var name = from.Length >= 4 && from[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? from[^1] : i.ToString(global::System.Globalization.CultureInfo.InvariantCulture);
            stages.Add((name, instructions.Skip(froms[i] + 1).Take(froms[i + 1] - froms[i] - 1).ToList()));
        }

        return stages;
    }

    public static Func<string, bool> DockerIgnore(IEnumerable<string> patterns)
    {
        var regexes = patterns.Select(p => p.Trim()).Where(p => p.Length > 0 && !p.StartsWith('#'))
            .Select(p => new Regex("^" + GlobToRegex(p.TrimEnd('/')) + "$", RegexOptions.CultureInvariant)).ToList();
        return path =>
        {
            var parts = path.Split('/');
            for (var i = 1; i <= parts.Length; i++)
            {
                var prefix = string.Join('/', parts.Take(i));
                if (regexes.Any(r => r.IsMatch(prefix)))
                {
                    return true;
                }
            }

            return false;
        };
    }

    private static string GlobToRegex(string glob)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(glob[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(glob[i].ToString()),
                });
            }
        }

        return regex.ToString();
    }

    private static void Copy(string repo, string source, string destination, bool intoDirectory, Func<string, bool> ignored)
    {
        var full = Path.Combine(repo, source);
        if (File.Exists(full))
        {
            ignored(source).Should().BeFalse($"{source} is copied but .dockerignore excludes it");
            var target = intoDirectory ? Path.Combine(destination, Path.GetFileName(source)) : destination;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(full, target, overwrite: true);
            return;
        }

        Directory.Exists(full).Should().BeTrue($"COPY {source}: no such file or folder in the build context");
        foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(repo, file).Replace('\\', '/');
            if (ignored(relative))
            {
                continue;
            }

            var target = Path.Combine(destination, Path.GetRelativePath(full, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static async Task ToolAsync(string tool, string workdir, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workdir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, $"{tool} {string.Join(' ', arguments)}:\n{await stdout}\n{await stderr}");
    }
}
