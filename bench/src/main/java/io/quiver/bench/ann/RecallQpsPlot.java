package io.quiver.bench.ann;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The ann-benchmarks chart as a PNG: recall@k on the x axis, QPS on a log-scale y axis, one line per
 * system (and filter), points in order of beam width. Drawn with Java2D so no plotting library is needed.
 */
public final class RecallQpsPlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 220;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)
    };

    private RecallQpsPlot() {}

    /** Writes the chart of one-thread QPS against recall for every line in {@code points}. */
    public static void write(Path file, String title, List<SweepPoint> points) throws IOException {
        Map<String, List<SweepPoint>> lines = new LinkedHashMap<>();
        for (SweepPoint point : points) {
            String line = point.selection().equals("none") ? point.system() : point.system() + " " + point.selection();
            lines.computeIfAbsent(line, key -> new java.util.ArrayList<>()).add(point);
        }
        double minRecall = Math.max(
                0,
                Math.floor(points.stream().mapToDouble(SweepPoint::recall).min().orElse(0) * 20) / 20);
        double maxQps = points.stream().mapToDouble(SweepPoint::qps).max().orElse(10);
        double minQps = points.stream().mapToDouble(SweepPoint::qps).min().orElse(1);
        double logLow = Math.floor(Math.log10(Math.max(1, minQps)));
        double logHigh = Math.max(logLow + 1, Math.log10(Math.max(10, maxQps * 1.5)));
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        Axes axes = new Axes(minRecall, 1.0, logLow, logHigh);
        drawGrid(g, axes);
        int colour = 0;
        int legendY = TOP + 10;
        for (Map.Entry<String, List<SweepPoint>> line : lines.entrySet()) {
            g.setColor(COLORS[colour++ % COLORS.length]);
            g.setStroke(new BasicStroke(2f));
            List<SweepPoint> sorted = line.getValue().stream()
                    .sorted(Comparator.comparingInt(SweepPoint::ef))
                    .toList();
            int previousX = -1;
            int previousY = -1;
            for (SweepPoint point : sorted) {
                int x = axes.x(point.recall());
                int y = axes.y(point.qps());
                g.fillOval(x - 3, y - 3, 7, 7);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
            g.drawLine(WIDTH - RIGHT + 15, legendY, WIDTH - RIGHT + 40, legendY);
            g.setColor(Color.BLACK);
            g.drawString(line.getKey(), WIDTH - RIGHT + 46, legendY + 4);
            legendY += 20;
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, TOP - 20);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private record Axes(double minRecall, double maxRecall, double logLow, double logHigh) {
        int x(double recall) {
            double fraction = (Math.max(minRecall, recall) - minRecall) / (maxRecall - minRecall);
            return LEFT + (int) Math.round(fraction * (WIDTH - LEFT - RIGHT));
        }

        int y(double qps) {
            double fraction = (Math.log10(Math.max(qps, 1e-9)) - logLow) / (logHigh - logLow);
            return HEIGHT - BOTTOM - (int) Math.round(Math.max(0, fraction) * (HEIGHT - TOP - BOTTOM));
        }
    }

    private static void drawGrid(Graphics2D g, Axes axes) {
        g.setColor(new Color(0xdddddd));
        double recallStep = 1 - axes.minRecall() <= 0.1 ? 0.01 : 0.05;
        for (double recall = axes.minRecall(); recall <= 1.0001; recall += recallStep) {
            int x = axes.x(recall);
            g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2f", recall), x - 13, HEIGHT - BOTTOM + 18);
            g.setColor(new Color(0xdddddd));
        }
        for (double decade = axes.logLow(); decade <= axes.logHigh(); decade++) {
            for (int step = 1; step <= 9 && decade + Math.log10(step) <= axes.logHigh(); step++) {
                double qps = step * Math.pow(10, decade);
                int y = axes.y(qps);
                g.setColor(step == 1 ? new Color(0xbbbbbb) : new Color(0xeeeeee));
                g.drawLine(LEFT, y, WIDTH - RIGHT, y);
                if (step == 1 || step == 2 || step == 5) {
                    g.setColor(Color.BLACK);
                    g.drawString(String.format(Locale.ROOT, "%,.0f", qps), 10, y + 4);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.drawString("recall@10", (WIDTH - RIGHT + LEFT) / 2 - 25, HEIGHT - 20);
        g.drawString("QPS (1 thread, log)", 10, TOP - 5);
    }
}
