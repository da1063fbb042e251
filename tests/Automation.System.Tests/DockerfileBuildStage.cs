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
/// <c>dotnet</c> commands may be run, exactly as written. Proves that the files the Dockerfile copies are enough to
/// restore and publish, and yields the published output the runtime stage would copy.
/// </summary>
internal static class DockerfileBuildStage
{
    /// <summary>Runs the first stage of <paramref name="dockerfile"/> and returns the scratch root.</summary>
    /// <param name="dockerfile">The file name at the repository root, e.g. <c>Dockerfile.silo</c>.</param>
    /// <param name="output">Where to say what ran.</param>
    /// <returns>The scratch folder standing for the build stage's root file system.</returns>
    public static async Task<string> RunAsync(string dockerfile, ITestOutputHelper output)
    {
        var repo = ServiceProcess.RepositoryRoot();
        var ignore = DockerIgnore(File.ReadAllLines(Path.Combine(repo, ".dockerignore")));
        var root = Directory.CreateTempSubdirectory("automation-image-").FullName;
        var workdir = "/";
        foreach (var instruction in BuildStage(File.ReadAllLines(Path.Combine(repo, dockerfile))))
        {
            var words = instruction.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words[0].ToUpperInvariant())
            {
                case "WORKDIR":
                    workdir = words[1];
                    Directory.CreateDirectory(Map(root, workdir));
                    break;
                case "COPY":
                    var destination = Path.Combine(Map(root, workdir), words[^1]);
                    foreach (var source in words[1..^1])
                    {
                        Copy(repo, source.TrimEnd('/'), destination, words[^1].EndsWith('/') || words.Length > 3, ignore);
                    }

                    break;
                case "RUN":
                    words[1].Should().Be("dotnet", $"the build stage runs dotnet only: {instruction}");
                    var arguments = words[2..].Select(w => w.StartsWith('/') ? Map(root, w) : w).ToList();
                    output.WriteLine($"{dockerfile}: {instruction}");
                    await DotnetAsync(Map(root, workdir), arguments);
                    break;
                default:
                    throw new InvalidOperationException($"{dockerfile}: the test does not know how to run '{instruction}'.");
            }
        }

        return root;
    }

    /// <summary>An absolute path of the image inside the scratch folder.</summary>
    public static string Map(string root, string imagePath) => Path.Combine(root, imagePath.TrimStart('/'));

    /// <summary>The instructions of the first stage (after its FROM, up to the next FROM), continuation lines joined, comments dropped.</summary>
    public static IReadOnlyList<string> BuildStage(IEnumerable<string> lines)
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
        return instructions.Skip(froms[0] + 1).Take(froms[1] - froms[0] - 1).ToList();
    }

    /// <summary>A predicate telling whether a context path (relative, '/'-separated) is excluded by the patterns.</summary>
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

    private static async Task DotnetAsync(string workdir, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
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
        process.ExitCode.Should().Be(0, $"dotnet {string.Join(' ', arguments)}:\n{await stdout}\n{await stderr}");
    }
}
