namespace Automation.Bench;

/// <summary>Row operations on one table from <c>pg_stat_user_tables</c>.</summary>
internal sealed record TableCounts(long Inserts, long Updates, long Deletes)
{
    public long Total => Inserts + Updates + Deletes;

    public TableCounts Minus(TableCounts other) => new(Inserts - other.Inserts, Updates - other.Updates, Deletes - other.Deletes);
}
