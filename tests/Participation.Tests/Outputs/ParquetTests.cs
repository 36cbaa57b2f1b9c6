using System.Globalization;
using DuckDB.NET.Data;
using Participation.Cli;
using Participation.Experiments.Results;

namespace Participation.Tests.Outputs;

/// <summary><c>--format parquet</c>: Parquet copies of the big tables, read back with DuckDB, hold exactly the CSV's columns and values.</summary>
public class ParquetTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("participation-parquet-").FullName;
    private readonly string _scenario;

    public ParquetTests()
    {
        _scenario = Path.Combine(_temp, "small.json");
        File.WriteAllText(_scenario, TestScenarios.SmallJson);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Run_with_parquet_writes_tables_equal_to_the_csv()
    {
        string dir = Path.Combine(_temp, "out");
        var (code, _, stderr) = CliRunner.Run("run", _scenario, "--out", dir, "--format", "parquet", "--replications", "2", "--quiet");
        Assert.True(code == 0, stderr);
        foreach (var file in ResultSet.Files.Concat(ResultSet.ParquetFiles)) Assert.True(File.Exists(Path.Combine(dir, file)), file);
        Assert.Empty(Directory.GetFiles(dir, "*.partial"));

        var weeklyTypes = AssertSameTable(Path.Combine(dir, "weekly.csv"), Path.Combine(dir, "weekly.parquet"), expectRows: 2 * 157);
        Assert.Equal("INTEGER", weeklyTypes["replication"]);
        Assert.Equal("UBIGINT", weeklyTypes["seed"]);
        Assert.Equal("DATE", weeklyTypes["date"]);
        Assert.Equal("INTEGER", weeklyTypes["residents"]);
        Assert.Equal("DOUBLE", weeklyTypes["participation_rate_weekly"]);

        var spellTypes = AssertSameTable(Path.Combine(dir, "spells.csv"), Path.Combine(dir, "spells.parquet"), expectRows: null);
        Assert.Equal("VARCHAR", spellTypes["reason"]);
        Assert.Equal("BOOLEAN", spellTypes["censored"]);
        Assert.Equal("DATE", spellTypes["start_date"]);

        AssertSameTable(Path.Combine(dir, "monthly.csv"), Path.Combine(dir, "monthly.parquet"), expectRows: null);
        AssertSameTable(Path.Combine(dir, "annual.csv"), Path.Combine(dir, "annual.parquet"), expectRows: null);

        var manifest = File.ReadAllText(Path.Combine(dir, "manifest.json"));
        Assert.Contains("\"weekly.parquet\"", manifest);
    }

    [Fact]
    public void Sweep_with_parquet_writes_sweep_parquet_equal_to_the_csv()
    {
        string dir = Path.Combine(_temp, "sweep");
        var (code, _, stderr) = CliRunner.Run("sweep", _scenario, "--vary", "roles.exitNew=0.02:0.2:2", "--replications", "2",
            "--set", "calendar.end=2016-12-31", "--set", "calendar.registerDate=2016-12-31", "--set", "calendar.reportFrom=2016-01-01",
            "--set", "policies.drive.enabled=false", // it starts in 2019, after this cut: a policy that would never act is refused
            "--out", dir, "--format", "parquet", "--quiet");
        Assert.True(code == 0, stderr);
        AssertSameTable(Path.Combine(dir, "sweep.csv"), Path.Combine(dir, "sweep.parquet"), expectRows: 4);
    }

    [Fact]
    public void Csv_is_the_default_and_writes_no_parquet()
    {
        string dir = Path.Combine(_temp, "csv");
        var (code, _, stderr) = CliRunner.Run("run", _scenario, "--out", dir, "--quiet");
        Assert.True(code == 0, stderr);
        Assert.Empty(Directory.GetFiles(dir, "*.parquet"));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("sweep")]
    public void A_bad_format_is_a_usage_error(string command)
    {
        string[] args = command == "run"
            ? ["run", _scenario, "--out", Path.Combine(_temp, "bad"), "--format", "xlsx", "--quiet"]
            : ["sweep", _scenario, "--vary", "roles.exitNew=0.02:0.2:2", "--out", Path.Combine(_temp, "bad"), "--format", "xlsx", "--quiet"];
        var (code, _, stderr) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Contains("--format xlsx: expected csv or parquet", stderr);
        Assert.False(Directory.Exists(Path.Combine(_temp, "bad")) && Directory.GetFiles(Path.Combine(_temp, "bad")).Length > 0);
    }

    /// <summary>Checks column names, row count and every value; returns the DuckDB type of each column.</summary>
    private static Dictionary<string, string> AssertSameTable(string csvPath, string parquetPath, int? expectRows)
    {
        var lines = File.ReadAllLines(csvPath);
        var header = TestCsv.Split(lines[0]);
        var rows = lines.Skip(1).Select(TestCsv.Split).ToList();
        if (expectRows is { } n) Assert.Equal(n, rows.Count);

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var types = new Dictionary<string, string>();
        using (var describe = connection.CreateCommand())
        {
            describe.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{parquetPath.Replace("'", "''")}')";
            using var r = describe.ExecuteReader();
            while (r.Read()) types[r.GetString(0)] = r.GetString(1);
        }
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{parquetPath.Replace("'", "''")}')";
        using var reader = command.ExecuteReader();
        Assert.Equal(header, Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray());
        int row = 0;
        while (reader.Read())
        {
            Assert.True(row < rows.Count, $"{parquetPath}: more rows than the CSV");
            var cells = rows[row];
            Assert.Equal(header.Length, cells.Length);
            for (int c = 0; c < header.Length; c++)
            {
                object value = reader.GetValue(c);
                string cell = cells[c];
                if (value is DBNull) { Assert.True(cell == "", $"{header[c]} row {row}: NULL but the CSV holds '{cell}'"); continue; }
                string shown = value switch
                {
                    DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    _ => CsvTable.Format(value),
                };
                // Sweep parameters are written at round-trip precision: compare those as numbers.
                bool same = shown == cell || (value is double d && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p == d);
                Assert.True(same, $"{Path.GetFileName(parquetPath)} {header[c]} row {row}: parquet {shown} ({value.GetType().Name}), csv '{cell}'");
            }
            row++;
        }
        Assert.Equal(rows.Count, row);
        return types;
    }
}
