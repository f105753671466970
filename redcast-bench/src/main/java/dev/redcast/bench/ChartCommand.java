package dev.redcast.bench;

import dev.redcast.bench.report.ReportJson;
import dev.redcast.bench.report.SvgChart;
import dev.redcast.bench.spec.BenchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Confined to the thread that executes it. {@code redcast bench chart}: turns saved JSON reports
 * into one SVG chart, one line style per report.
 */
@Command(
        name = "chart",
        mixinStandardHelpOptions = true,
        description =
                "Draws latency percentiles against deliveries/s from saved bench JSON reports.")
public final class ChartCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "FILE",
            description = "The SVG file to write.")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "REPORT", description = "JSON reports from --json.")
    List<Path> reports;

    @Override
    public Integer call() {
        try {
            List<SvgChart.Source> sources = new ArrayList<>();
            for (Path report : reports) {
                String name = report.getFileName().toString();
                String label = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
                sources.add(new SvgChart.Source(label, ReportJson.read(report)));
            }
            Files.writeString(out, SvgChart.render(sources));
            spec.commandLine().getOut().println("wrote " + out);
            return 0;
        } catch (BenchException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("bench chart: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("bench chart: cannot write " + out + ": " + e);
            return 1;
        }
    }
}
