package io.wattshift.sim;

import io.wattshift.engine.model.Policy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code simulate}: the placement engine against a modelled site and a job trace in virtual time, no cluster.
 * Exit codes: 0 ok, 1 a limit violation was counted, 2 bad input (one message naming file, line and field;
 * nothing else printed).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, version = "wattshift simulate 0.1.0",
    description = {"Run the placement engine against a modelled site and a job trace in virtual time and report "
        + "revenue and energy (AI / mining), GPU utilisation, queue waits, curtailments and limit violations.",
        "Without options: a built-in 100 MW site of three halls and a generated week of training and inference "
            + "jobs, under all three policies side by side."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done, no limit violated", "1:a limit violation was counted (a bug: report it)",
        "2:bad input: one line naming the option, or the file, line and field"})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--site", paramLabel = "FILE.yaml", description = "site model (default: the built-in demo site)")
    Path site;

    @Option(names = "--trace", paramLabel = "FILE.csv", description = "job trace; CSV columns submit_s,duration_s,"
        + "type,workers,gpus_per_worker,priority,tenant[,preemptible] (default: a generated week)")
    Path trace;

    @Option(names = "--trace-format", paramLabel = "FORMAT", defaultValue = "csv",
        description = "csv (ours) or alibaba-openb (the pod list of Alibaba's openb GPU trace)")
    String traceFormat;

    @Option(names = "--prices", paramLabel = "FILE.csv",
        description = "energy prices, $/MWh, e.g. an ERCOT export: a timestamp column (Datetime, timestamp, time or "
            + "interval_start; each row holds until the next, so 5-, 15-minute and hourly rows all work) and a price "
            + "column (\"Price (USD/MWh)\", price, usd_per_mwh or SettlementPointPrice). The run starts at the "
            + "first row (or --start) and must end within the series unless --prices-repeat. Without a timestamp "
            + "column the rows are hours from the start of the run.")
    Path prices;

    @Option(names = "--prices-zone", paramLabel = "ZONE", defaultValue = "UTC",
        description = "time zone of --prices timestamps that carry no offset, e.g. America/Chicago (default UTC)")
    String pricesZone;

    @Option(names = "--prices-kind", paramLabel = "KIND", defaultValue = "day-ahead",
        description = "day-ahead (default: each price is known a day ahead, so a dear hour is met asleep) or "
            + "real-time (each price is known only when its interval starts)")
    String pricesKind;

    @Option(names = "--prices-repeat", description = "wrap --prices around when the run outlasts them")
    boolean pricesRepeat;

    @Option(names = "--start", paramLabel = "TIME",
        description = "with --prices: start the run at this instant of the series, e.g. 2023-08-07T00:00:00-05:00")
    String startAt;

    @Option(names = "--policy-file", paramLabel = "FILE.yaml",
        description = "a PowerPolicy (the CRD's YAML, or just its spec) to run wattshift and static-split under, "
            + "instead of the PowerPolicy defaults the live scheduler uses")
    Path policyFile;

    @Option(names = "--hashprice", paramLabel = "USD_PER_PH_DAY", description = "mining revenue (default: the site's)")
    Double hashprice;

    @Option(names = "--policy", paramLabel = "POLICY",
        description = "wattshift, ai-only or static-split; repeatable (default: all three)")
    List<String> policies = new ArrayList<>();

    @Option(names = "--report-json", paramLabel = "FILE",
        description = "also write the report as JSON, each policy's time series included (docs/simulate-report.md)")
    Path reportJson;

    @Option(names = "--report-html", paramLabel = "FILE", description = "also write the report as one self-contained "
        + "HTML page of plots (power against limits, price against break-even, events, queues, waits, net), policies "
        + "side by side")
    Path reportHtml;

    @Option(names = "--report-csv", paramLabel = "DIR", description = "also write the time series as CSV files, one "
        + "per series, into DIR (made if missing)")
    Path reportCsv;

    @Option(names = "--sample-step", paramLabel = "SECONDS", defaultValue = "" + TimeSeries.DEFAULT_STEP_S,
        description = "seconds of virtual time between the time series' samples (default ${DEFAULT-VALUE})")
    long sampleStepS;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "2500", description = "jobs in the generated trace (default 2500)")
    int generatedJobs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seed of the generated trace and the world")
    long seed;

    // picocli formats descriptions (String.format): a literal percent sign is %%, a bare one prints warnings
    @Option(names = "--miners", paramLabel = "MODEL", defaultValue = "virtual",
        description = {"how the halls' miners are played: virtual (default: each hall's fleet one number, 5-30 s to "
            + "drop, 60 s to wake) or tcp (simulated LuxOS miners on 127.0.0.1, one port each, commanded and read "
            + "over TCP by the scheduler's own fleet adapter, ramping 20 s down / 60 s up in virtual time; the "
            + "hall's draw is what the miners report, a silent one at nameplate).",
            "With tcp, one simulated miner stands for a block of k identical site miners (nameplate k x wattsEach); "
                + "see --miner-block. A simulated miner draws 0.5 %% of its nameplate asleep, so each hall's standbyW "
                + "must be at least that. The report adds the commands sent and received, miners confirmed asleep "
                + "and errors."})
    String minersModel;

    @Option(names = "--miner-block", paramLabel = "K", defaultValue = "0",
        description = "with --miners tcp: site miners per simulated miner (default: the smallest k that keeps the "
            + "site at or under " + TcpFleetOptions.AUTO_MAX_TCP_MINERS + " simulated miners; the built-in site's 22,000 "
            + "miners play as 490 simulated miners, blocks of 45). Each simulated miner holds a listening socket: "
            + "the count must stay under the open-file limit (ulimit -n).")
    int minerBlock;

    @Option(names = "--print-example", paramLabel = "site|trace",
        description = "print the built-in site YAML or an example trace CSV to start your own from, and exit")
    String printExample;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (printExample != null) {
            String resource = printExample.equals("site") ? SiteLoader.DEFAULT
                : printExample.equals("trace") ? "example-trace.csv" : null;
            if (resource == null) {
                err.println("error: --print-example takes site or trace, got " + printExample);
                return 2;
            }
            try (var in = SimulateCommand.class.getResourceAsStream(resource)) {
                out.print(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                return 0;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        SimulationReport report;
        try {
            report = run(err);
        } catch (InputException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (reportJson != null) {
            try {
                Files.writeString(reportJson, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(report));
            } catch (IOException e) {
                err.println("error: " + reportJson + ": cannot write: " + e.getMessage());
                return 2;
            }
        }
        String written = writeSeries(report);
        if (written != null) {
            err.println(written);
            return 2;
        }
        out.print(ReportPrinter.text(report));
        out.flush();
        boolean violated = report.policies().stream().anyMatch(p -> p.powerViolations() + p.coolingViolations() > 0);
        return violated ? 1 : 0;
    }

    /** Writes --report-csv and --report-html; returns the error line, or null when all went well. */
    private String writeSeries(SimulationReport report) {
        if (reportCsv != null) {
            try {
                CsvReport.write(reportCsv, report);
            } catch (IOException e) {
                return "error: " + reportCsv + ": cannot write: " + e.getMessage();
            }
        }
        if (reportHtml != null) {
            try {
                Files.writeString(reportHtml, HtmlReport.render(report, ReportPrinter.text(report)));
            } catch (IOException e) {
                return "error: " + reportHtml + ": cannot write: " + e.getMessage();
            }
        }
        return null;
    }

    /** Read and check every input first, so bad input stops the run before anything is printed. */
    SimulationReport run(PrintWriter err) {
        if (generatedJobs < 1) {
            throw new IllegalArgumentException("--jobs must be >= 1");
        }
        if (sampleStepS < 1) {
            throw new IllegalArgumentException("--sample-step must be >= 1 s, got " + sampleStepS);
        }
        Set<PolicyKind> kinds = new LinkedHashSet<>();
        for (String p : policies) {
            kinds.add(PolicyKind.parse(p));
        }
        if (kinds.isEmpty()) {
            kinds.addAll(List.of(PolicyKind.WATTSHIFT, PolicyKind.AI_ONLY, PolicyKind.STATIC_SPLIT));
        }
        SiteConfig siteConfig = site == null ? SiteLoader.loadDefault() : SiteLoader.load(site);
        Traces.Trace jobs = loadTrace(siteConfig);
        PriceSeries priceSeries = priceSeries(siteConfig);
        Policy policy = policyFile == null ? null : policyLoader.load(policyFile);
        double hp = hashprice == null ? siteConfig.site().hashpriceUsdPerPhDay() : hashprice;
        if (!(hp >= 0)) {
            throw new IllegalArgumentException("--hashprice must be >= 0");
        }
        FleetModel.Factory fleetModel;
        String minersLine;
        switch (minersModel) {
            case "virtual" -> {
                if (minerBlock != 0) {
                    throw new IllegalArgumentException("--miner-block needs --miners tcp");
                }
                fleetModel = VirtualFleet.factory();
                minersLine = "virtual (each hall's fleet one number: 5-30 s to drop, 60 s to wake)";
            }
            case "tcp" -> {
                quietFleetLogs();
                TcpFleetOptions o = new TcpFleetOptions(minerBlock, TcpFleetOptions.defaults().requestTimeout(),
                    null);
                o.check(siteConfig);
                fleetModel = o.factory();
                minersLine = o.describe(siteConfig);
            }
            default -> throw new IllegalArgumentException("--miners must be virtual or tcp, got " + minersModel);
        }
        List<PolicyReport> reports = new ArrayList<>();
        for (PolicyKind kind : kinds) {
            Simulation sim = new Simulation(siteConfig, jobs, priceSeries, hp, kind, seed, line -> {
                err.println(line);
                err.flush();
            }, fleetModel).sampleStep(sampleStepS);
            if (policy != null) {
                sim.policy(policy);
            }
            reports.add(sim.run());
        }
        reports.stream().filter(r -> r.policy().equals(PolicyKind.WATTSHIFT.id())).findFirst()
            .map(PolicyReport::oracleColumn).ifPresent(reports::add);
        String siteName = (site == null ? "built-in " : site + ": ") + siteConfig.site().name() + ", "
            + siteConfig.halls().size() + " halls, " + String.format("%.0f MW", siteConfig.site().gridKw() / 1000);
        return new SimulationReport(siteName, jobs.source() + ", " + jobs.jobs().size() + " jobs", priceSeries.source(),
            hp, minersLine, reports);
    }

    private PriceSeries priceSeries(SiteConfig siteConfig) {
        if (prices == null) {
            if (startAt != null || pricesRepeat) {
                throw new IllegalArgumentException("--start and --prices-repeat need --prices");
            }
            return PriceSeries.flat(siteConfig.site().energyUsdPerMwh());
        }
        boolean dayAhead = switch (pricesKind) {
            case "day-ahead" -> true;
            case "real-time" -> false;
            default -> throw new IllegalArgumentException("--prices-kind must be day-ahead or real-time, got "
                + pricesKind);
        };
        java.time.ZoneId zone;
        try {
            zone = java.time.ZoneId.of(pricesZone);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("--prices-zone: unknown time zone '" + pricesZone + "'");
        }
        PriceSeries series = PriceSeries.read(prices, zone, dayAhead, pricesRepeat);
        if (startAt == null) {
            return series;
        }
        if (!series.timed()) {
            throw new IllegalArgumentException("--start needs --prices with a timestamp column");
        }
        try {
            return series.startingAt(java.time.OffsetDateTime.parse(startAt).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--start: not an ISO time with offset: '" + startAt
                + "' (e.g. 2023-08-07T00:00:00-05:00)");
        }
    }

    /** Reads {@code --policy-file}; the scheduler's CLI sets the one that speaks the PowerPolicy CRD. */
    public interface PolicyLoader {
        /** @throws InputException naming the file, line and field */
        Policy load(Path file);
    }

    private PolicyLoader policyLoader = file -> {
        throw new IllegalArgumentException("--policy-file is read by the wattshift-scheduler jar's simulate");
    };

    public SimulateCommand policyLoader(PolicyLoader loader) {
        this.policyLoader = java.util.Objects.requireNonNull(loader, "loader");
        return this;
    }

    /**
     * The fleet logs every curtailment at INFO, and the scheduler's logback configuration writes INFO to stdout,
     * where the report goes: unless the user chose a level, simulate asks for WARN (read by logback when the first
     * logger is made, which is after this: nothing logs before the fleet starts).
     */
    private static void quietFleetLogs() {
        if (System.getProperty("WATTSHIFT_LOG_LEVEL") == null && System.getenv("WATTSHIFT_LOG_LEVEL") == null) {
            System.setProperty("WATTSHIFT_LOG_LEVEL", "WARN");
        }
    }

    private Traces.Trace loadTrace(SiteConfig siteConfig) {
        switch (traceFormat) {
            case "csv":
                return trace == null ? TraceGenerator.week(generatedJobs, seed) : Traces.readCsv(trace, siteConfig);
            case "alibaba-openb":
                if (trace == null) {
                    throw new IllegalArgumentException("--trace-format alibaba-openb needs --trace "
                        + "openb_pod_list_default.csv");
                }
                return Traces.readAlibabaOpenb(trace, siteConfig);
            default:
                throw new IllegalArgumentException("--trace-format must be csv or alibaba-openb, got " + traceFormat);
        }
    }
}
