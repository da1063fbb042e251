using Automation.Security;
using Microsoft.Extensions.Options;

namespace Automation.Api.Security;

/// <summary>
/// Creates the first admin at first start, only from configuration: when <c>AUTOMATION_ADMIN_PASSWORD</c> is set (and
/// optionally <c>AUTOMATION_ADMIN_USER</c>, default <c>admin</c>) and no user exists yet. There is no default password.
/// Retries in the background until the database (and its schema, applied by the silos) is there.
/// </summary>
internal sealed partial class AdminBootstrap(
    IConfiguration configuration, IUserStore users, IOptions<AuthOptions> options, TimeProvider time, ILogger<AdminBootstrap> logger) : BackgroundService
{
    /// <summary>The setting holding the first admin's password.</summary>
    public const string PasswordSetting = "AUTOMATION_ADMIN_PASSWORD";

    /// <summary>The setting holding the first admin's name.</summary>
    public const string UserSetting = "AUTOMATION_ADMIN_USER";

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var password = configuration[PasswordSetting];
        if (!string.IsNullOrEmpty(password))
        {
            var username = Username();
            var errors = PasswordPolicy.Check(options.Value.PasswordPolicy, password, username);
            if (errors.Count > 0)
            {
                throw new OptionsValidationException(PasswordSetting, typeof(string), [$"{PasswordSetting} does not meet the password policy: it {string.Join("; it ", errors)}."]);
            }
        }

        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var password = configuration[PasswordSetting];
        if (string.IsNullOrEmpty(password))
        {
            return;
        }

        var username = Username();
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var now = time.GetUtcNow();
                var admin = new UserAccount(username, UserSignIn.HashPassword(password), [BuiltInRoles.Admin], false, 0, null, null, false, 0, [], now, now);
                if (await users.CreateFirstAsync(admin, stoppingToken))
                {
                    LogCreated(username, PasswordSetting);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (attempt == 1 || attempt % 30 == 0)
                {
                    LogWaiting(ex.GetType().Name);
                }

                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
            }
        }
    }

    private string Username() => configuration[UserSetting] is { Length: > 0 } name ? name : "admin";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the first admin '{Username}' from {Setting}. Change its password and enable MFA.")]
    private partial void LogCreated(string username, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for the database to create the first admin ({Error}).")]
    private partial void LogWaiting(string error);
}
