using System.Text.Json;
using System.Text.RegularExpressions;
using Automation.Cli.Cli;

namespace Automation.Cli.Config;

/// <summary>
/// The CLI's config folder: <c>$AUTOMATION_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/automation</c> (on Linux and macOS
/// <c>~/.config/automation</c>; on Windows <c>%APPDATA%\automation</c>). It holds <c>config.json</c> (profiles) and
/// <c>credentials/</c> (tokens per profile). The folders are created with mode 700 and credential files with mode 600.
/// </summary>
internal sealed partial class ConfigStore
{
    /// <summary>The profile that exists without any configuration.</summary>
    public const string DefaultProfile = "default";

    /// <summary>The server of the default profile: what <c>scripts/run.sh</c> starts.</summary>
    public const string DefaultServer = "http://localhost:5000";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>A store over <paramref name="directory"/>.</summary>
    /// <param name="directory">The config folder.</param>
    public ConfigStore(string directory) => Directory = directory;

    /// <summary>The config folder.</summary>
    public string Directory { get; }

    /// <summary>The store in the user's config folder (or <c>$AUTOMATION_CONFIG_DIR</c>).</summary>
    public static ConfigStore ForUser()
    {
        var explicitDirectory = Environment.GetEnvironmentVariable("AUTOMATION_CONFIG_DIR");
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return new ConfigStore(explicitDirectory);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) ? xdg : Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrWhiteSpace(root))
        {
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }

        return new ConfigStore(Path.Combine(root, "automation"));
    }

    /// <summary>Checks a profile name (it names a file).</summary>
    /// <param name="name">The name.</param>
    public static void ValidateProfileName(string name)
    {
        if (!ProfileName().IsMatch(name))
        {
            throw CliException.Usage($"'{name}' is not a valid profile name: use 1–64 letters, digits, '.', '_' and '-', starting with a letter or digit.");
        }
    }

    /// <summary>Reads the configuration; a missing file is the default profile only.</summary>
    public CliConfig Load()
    {
        var path = Path.Combine(Directory, "config.json");
        CliConfig config;
        if (File.Exists(path))
        {
            try
            {
                config = JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(path), Json) ?? new CliConfig();
            }
            catch (JsonException e)
            {
                throw CliException.Usage($"{path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: the CLI configuration is not valid JSON ({e.Message}). Fix or delete it.");
            }
        }
        else
        {
            config = new CliConfig();
        }

        config.Profiles = new Dictionary<string, CliProfile>(config.Profiles, StringComparer.Ordinal);
        if (!config.Profiles.ContainsKey(DefaultProfile))
        {
            config.Profiles[DefaultProfile] = new CliProfile(DefaultServer);
        }

        return config;
    }

    /// <summary>Writes the configuration.</summary>
    /// <param name="config">The configuration.</param>
    public void Save(CliConfig config) => WritePrivate(Path.Combine(Directory, "config.json"), JsonSerializer.Serialize(config, Json));

    /// <summary>The credentials of a profile, or null when it is not signed in.</summary>
    /// <param name="profile">The profile name.</param>
    public Credentials? LoadCredentials(string profile)
    {
        var path = CredentialsPath(profile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Credentials>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Keeps the credentials of a profile, readable by the user only.</summary>
    /// <param name="profile">The profile name.</param>
    /// <param name="credentials">The credentials.</param>
    public void SaveCredentials(string profile, Credentials credentials) =>
        WritePrivate(CredentialsPath(profile), JsonSerializer.Serialize(credentials, Json));

    /// <summary>Forgets the credentials of a profile.</summary>
    /// <param name="profile">The profile name.</param>
    /// <returns>Whether there were any.</returns>
    public bool DeleteCredentials(string profile)
    {
        var path = CredentialsPath(profile);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>The file that holds a profile's credentials.</summary>
    /// <param name="profile">The profile name.</param>
    public string CredentialsPath(string profile) => Path.Combine(Directory, "credentials", profile + ".json");

    private static void WritePrivate(string path, string content)
    {
        var folder = Path.GetDirectoryName(path)!;
        CreatePrivateDirectory(folder);
        // Written to a private temporary file, then renamed over the old one: never a moment where the file is
        // readable by others or half written.
        var temporary = path + ".tmp-" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static void CreatePrivateDirectory(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(folder);
            return;
        }

        System.IO.Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ProfileName();
}
