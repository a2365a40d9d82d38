package io.quiver.querynode.internal;

import io.quiver.common.index.MetricType;

/** The best {@code k} (score, segment, row) candidates of one query, kept sorted best first. */
final class TopK {
    private final MetricType metric;
    private final float[] scores;
    private final Segment[] segments;
    private final int[] rows;
    private int size;

    TopK(MetricType metric, int k) {
        this.metric = metric;
        this.scores = new float[k];
        this.segments = new Segment[k];
        this.rows = new int[k];
    }

    void offer(float score, Segment segment, int row) {
        int k = scores.length;
        if (size == k && !metric.isBetter(score, scores[k - 1])) {
            return;
        }
        int position = size == k ? k - 1 : size++;
        while (position > 0 && metric.isBetter(score, scores[position - 1])) {
            scores[position] = scores[position - 1];
            segments[position] = segments[position - 1];
            rows[position] = rows[position - 1];
            position--;
        }
        scores[position] = score;
        segments[position] = segment;
        rows[position] = row;
    }

    int size() {
        return size;
    }

    float score(int i) {
        return scores[i];
    }

    Segment segment(int i) {
        return segments[i];
    }

    int row(int i) {
        return rows[i];
    }
}
