using Automation.Alerts;
using Npgsql;

namespace Automation.Postgres.Alerts;

public sealed partial class PostgresAlertStore
{
    /// <summary>
    /// An alert change with the messages it queues: without messages, commands run on the data source as before; with
    /// messages, the change and the outbox insert run in one transaction, committed by <see cref="CommitAsync(Alert, CancellationToken)"/>
    /// (disposed uncommitted, it rolls back: the change did nothing, or failed with its messages).
    /// </summary>
    private sealed class MessagesScope : IAsyncDisposable
    {
        private readonly NpgsqlDataSource _dataSource;
        private readonly AlertMessages? _messages;
        private readonly NpgsqlConnection? _connection;
        private readonly NpgsqlTransaction? _transaction;

        private MessagesScope(NpgsqlDataSource dataSource, AlertMessages? messages, NpgsqlConnection? connection, NpgsqlTransaction? transaction)
        {
            _dataSource = dataSource;
            _messages = messages;
            _connection = connection;
            _transaction = transaction;
        }

        public static async Task<MessagesScope> BeginAsync(NpgsqlDataSource dataSource, AlertMessages? messages, CancellationToken cancellationToken)
        {
            if (messages is null || messages.Channels.Count == 0)
            {
                return new MessagesScope(dataSource, null, null, null);
            }

            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                return new MessagesScope(dataSource, messages, connection, transaction);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>A command in the scope's transaction, or on the data source.</summary>
        public NpgsqlCommand Command(string sql) =>
            _connection is null ? _dataSource.CreateCommand(sql) : new NpgsqlCommand(sql, _connection, _transaction);

        /// <summary>Queues the messages about the changed alert (when its severity calls for them) and commits.</summary>
        public Task CommitAsync(Alert changed, CancellationToken cancellationToken) => CommitAsync(changed.Id, changed.Severity, cancellationToken);

        /// <summary>Queues the messages about alert <paramref name="alertId"/> (when <paramref name="severity"/> calls for them) and commits.</summary>
        public async Task CommitAsync(string alertId, AlertSeverity severity, CancellationToken cancellationToken)
        {
            if (_transaction is null || _messages is null)
            {
                return;
            }

            if (severity >= _messages.MinSeverity)
            {
                await using var command = Command(string.Empty);
                await EnqueueAsync(command, alertId, _messages.Kind, _messages.Channels, _messages.Template, _messages.At, cancellationToken).ConfigureAwait(false);
            }

            await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            if (_transaction is not null)
            {
                await _transaction.DisposeAsync().ConfigureAwait(false);
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
