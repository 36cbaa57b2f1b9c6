using Participation.Report.Html;
using Participation.Report.Svg;

namespace Participation.Report.Reports;

/// <summary>
/// The report of a <c>participation validate</c> folder: how many judged figures of each check pass, then a table per
/// check of its rows of <c>validation.csv</c> (figure with its interval, reference, criterion and verdict). No plot: a check's figures are in
/// different units (shares, ratios, standardised effects), which one axis would misrepresent.
/// </summary>
internal static class ValidationReport
{
    public static string Write(ReportContext context)
    {
        var f = context.Folder;
        var doc = context.Document;
        var table = f.Table("validation.csv");
        var rows = Enumerable.Range(0, table.Rows.Count).ToList();
        bool Judged(int r) => table.Text(r, "passed") is "True" or "False";
        bool Passed(int r) => table.Text(r, "passed") == "True";
        int judged = rows.Count(Judged), passed = rows.Count(r => Judged(r) && Passed(r));
        var checks = rows.Select(r => table.Text(r, "check")).Distinct().ToList();

        doc.Section("summary", "Headline: the checks");
        doc.Facts([("Judged figures that pass", $"{passed} of {judged}")]);
        doc.Table("headline", "validation.csv: the judged figures of each check, and how many pass.", ["check", "judged figures", "pass"],
            checks.Select(c => new[]
            {
                Cell.Text(c), Cell.Count(rows.Count(r => table.Text(r, "check") == c && Judged(r))), Cell.Count(rows.Count(r => table.Text(r, "check") == c && Judged(r) && Passed(r))),
            }));
        doc.Paragraph("Each check is a small experiment the model was not fitted to (docs/validation.md defines them); a judged figure passes when its " +
                      "criterion, stated before any run, holds. Context rows carry no verdict.");
        doc.Paragraph(NumberText.Rule, "rule");

        // One table per check: its figures are in different units, and the criterion reads with the figure it judges.
        doc.Section("checks", "The checks");
        foreach (var check in checks)
        {
            var mine = rows.Where(r => table.Text(r, "check") == check).ToList();
            int pass = mine.Count(r => Judged(r) && Passed(r)), of = mine.Count(Judged);
            doc.Table("check-" + check.Replace('_', '-'), $"validation.csv, check {check}: {pass} of {of} judged figure{(of == 1 ? "" : "s")} pass.",
                ["figure", "measured", "95 % interval", "unit", "reference", "criterion: verdict"],
                mine.Select(r => new[]
                {
                    Cell.Text(table.Text(r, "measure")), Cell.Csv(table, r, "figure"), Cell.Interval(table, r, "low", "high"), Cell.Text(table.Text(r, "unit")),
                    Cell.Text(table.Text(r, "reference")),
                    Cell.Raw(Markup.Escape(table.Text(r, "criterion")) + (!Judged(r) ? "" : Passed(r) ? ": <span class=\"within\">PASS</span>" : ": <span class=\"outside\">FAIL</span>")),
                }));
        }
        return $"Results of participation validate: {passed} of {judged} judged figures pass.";
    }
}
