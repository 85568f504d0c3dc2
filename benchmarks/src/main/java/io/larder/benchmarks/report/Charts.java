package io.larder.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jspecify.annotations.Nullable;

/** Draws the report's PNG charts with JFreeChart, headless. */
public final class Charts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 540;
  private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);

  private Charts() {}

  /**
   * Returns the colour of a series, the same in every chart: Larder orange, Caffeine blue (lighter
   * when unbounded), Guava green, the JDK maps grey and purple, Belady black.
   */
  static @Nullable Color colorFor(String series) {
    String name = series.toLowerCase(java.util.Locale.ROOT);
    boolean unbounded = name.contains("unbounded");
    if (name.startsWith("larder")) {
      return unbounded ? new Color(0xF5, 0xB0, 0x6B) : new Color(0xE0, 0x6C, 0x00);
    } else if (name.startsWith("caffeine")) {
      return unbounded ? new Color(0x8F, 0xB8, 0xE8) : new Color(0x1F, 0x5F, 0xBF);
    } else if (name.startsWith("guava")) {
      return new Color(0x2E, 0x9E, 0x48);
    } else if (name.startsWith("concurrenthashmap") || name.equals("lru")) {
      return new Color(0x80, 0x80, 0x80);
    } else if (name.startsWith("linkedhashmap")) {
      return new Color(0x8E, 0x44, 0xAD);
    } else if (name.startsWith("belady")) {
      return Color.BLACK;
    }
    return null;
  }

  /**
   * Draws hit rate against cache size, one line per policy.
   *
   * @param series each policy's points, (cache size in percent, hit rate in percent), in order
   * @param credit a subtitle crediting the source of the accesses, or null
   */
  public static void hitRate(
      Path file, String title, Map<String, List<double[]>> series, @Nullable String credit)
      throws IOException {
    XYSeriesCollection dataset = new XYSeriesCollection();
    for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
      XYSeries xy = new XYSeries(entry.getKey(), false, true);
      for (double[] point : entry.getValue()) {
        xy.add(point[0], point[1]);
      }
      dataset.addSeries(xy);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            "cache size (% of distinct keys)",
            "hit rate (%)",
            dataset,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    style(chart);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < dataset.getSeriesCount(); i++) {
      String name = String.valueOf(dataset.getSeriesKey(i));
      boolean optimum = name.toLowerCase(java.util.Locale.ROOT).startsWith("belady");
      renderer.setSeriesStroke(
          i,
          optimum
              ? new BasicStroke(
                  2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
              : new BasicStroke(2f));
      Color color = colorFor(name);
      if (color != null) {
        renderer.setSeriesPaint(i, color);
      }
    }
    plot.setRenderer(renderer);
    NumberAxis range = (NumberAxis) plot.getRangeAxis();
    range.setAutoRangeIncludesZero(true);
    addCredit(chart, credit);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }

  /**
   * Draws grouped bars: one group per category, one bar per series.
   *
   * @param values series name to category name to value, both in display order
   * @param horizontal whether the bars run left to right, for long category names
   */
  public static void bars(
      Path file,
      String title,
      String categoryLabel,
      String valueLabel,
      Map<String, Map<String, Double>> values,
      boolean horizontal)
      throws IOException {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    for (Map.Entry<String, Map<String, Double>> series : values.entrySet()) {
      for (Map.Entry<String, Double> point : series.getValue().entrySet()) {
        dataset.addValue(point.getValue(), series.getKey(), point.getKey());
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            title,
            categoryLabel,
            valueLabel,
            dataset,
            horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL,
            true,
            false,
            false);
    style(chart);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.02);
    for (int i = 0; i < dataset.getRowCount(); i++) {
      Color color = colorFor(String.valueOf(dataset.getRowKey(i)));
      if (color != null) {
        renderer.setSeriesPaint(i, color);
      }
    }
    CategoryAxis domain = plot.getDomainAxis();
    if (!horizontal && dataset.getColumnCount() > 4) {
      domain.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    domain.setMaximumCategoryLabelLines(2);
    int height =
        horizontal
            ? Math.max(HEIGHT, 60 + dataset.getColumnCount() * (14 * dataset.getRowCount() + 14))
            : HEIGHT;
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, height);
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
  }

  private static void addCredit(JFreeChart chart, @Nullable String credit) {
    if (credit != null) {
      TextTitle subtitle = new TextTitle(credit, new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      chart.addSubtitle(subtitle);
    }
  }
}
