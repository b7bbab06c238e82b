package io.wattshift.sim;

import java.nio.file.Path;

/**
 * Hourly energy prices, $/MWh: flat, or read from a CSV whose second column is the price (as
 * {@code grid-prices/ercot_dam_hb_hubavg_2023.csv}: {@code Datetime,Price (USD/MWh)}). Hour {@code h} of the run
 * uses row {@code h mod rows}.
 */
public final class PriceSeries {
    private final double[] hourly;
    private final String source;

    private PriceSeries(double[] hourly, String source) {
        this.hourly = hourly;
        this.source = source;
    }

    public static PriceSeries flat(double usdPerMwh) {
        return new PriceSeries(new double[]{usdPerMwh}, String.format("flat %.1f $/MWh", usdPerMwh));
    }

    public static PriceSeries read(Path file) {
        CsvLines csv = CsvLines.read(file, java.util.List.of());
        if (csv.size() == 0) {
            throw new InputException(file.toString(), 0, null, "no price rows");
        }
        String column = null;
        double[] prices = new double[csv.size()];
        for (int i = 0; i < csv.size(); i++) {
            column = column != null ? column : priceColumn(csv, file);
            prices[i] = csv.number(i, column);
        }
        return new PriceSeries(prices, file + " (" + prices.length + " hours)");
    }

    private static String priceColumn(CsvLines csv, Path file) {
        for (String c : new String[]{"Price (USD/MWh)", "price", "usd_per_mwh"}) {
            if (csv.has(c)) {
                return c;
            }
        }
        throw new InputException(file.toString(), 1, "Price (USD/MWh)", "missing column (also accepted: price)");
    }

    public double at(long hour) {
        return hourly[(int) (hour % hourly.length)];
    }

    public String source() {
        return source;
    }
}
