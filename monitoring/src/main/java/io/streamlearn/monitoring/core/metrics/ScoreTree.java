package io.streamlearn.monitoring.core.metrics;

import java.util.Arrays;

/**
 * A multiset of (score, label) examples ordered by score, answering "how many negatives below s
 * (positives above s), and how many at s" in one {@code O(log n)} walk: a treap (C. R. Aragon and
 * R. Seidel, "Randomized Search Trees", FOCS 1989) with one node per distinct score, each holding
 * its positive and negative counts and the sums over its subtree. Node priorities are a hash of the
 * score, so the tree's shape depends only on the set of scores, not on the order of updates, and
 * operations take {@code O(log d)} expected time for {@code d} distinct scores. Nodes live in
 * parallel arrays (index 0 is the empty sentinel) and are recycled.
 */
final class ScoreTree {

  private static final int NIL = 0;

  private double[] keys = new double[16];
  private int[] priorities = new int[16];
  private int[] left = new int[16];
  private int[] right = new int[16];
  private long[] positives = new long[16];
  private long[] negatives = new long[16];
  private long[] subtreePositives = new long[16];
  private long[] subtreeNegatives = new long[16];
  private int root = NIL;
  private int used = 1;
  private int freeList = NIL;
  private int distinct;

  ScoreTree() {
    priorities[NIL] = Integer.MIN_VALUE;
  }

  /** Adds {@code count} (may be negative, to remove) examples with this score and label. */
  void add(double score, boolean positive, long count) {
    root = add(root, score, positive ? count : 0, positive ? 0 : count);
  }

  long totalPositives() {
    return subtreePositives[root];
  }

  long totalNegatives() {
    return subtreeNegatives[root];
  }

  /** Number of distinct scores held. */
  int distinctScores() {
    return distinct;
  }

  /** Twice the negatives scored below {@code score}, plus those scored exactly {@code score}. */
  long twiceNegativesBelowPlusAt(double score) {
    long sum = 0;
    int t = root;
    while (t != NIL) {
      if (keys[t] < score) {
        sum += 2 * (subtreeNegatives[left[t]] + negatives[t]);
        t = right[t];
      } else if (keys[t] > score) {
        t = left[t];
      } else {
        return sum + 2 * subtreeNegatives[left[t]] + negatives[t];
      }
    }
    return sum;
  }

  /** Twice the positives scored above {@code score}, plus those scored exactly {@code score}. */
  long twicePositivesAbovePlusAt(double score) {
    long sum = 0;
    int t = root;
    while (t != NIL) {
      if (keys[t] > score) {
        sum += 2 * (subtreePositives[right[t]] + positives[t]);
        t = left[t];
      } else if (keys[t] < score) {
        t = right[t];
      } else {
        return sum + 2 * subtreePositives[right[t]] + positives[t];
      }
    }
    return sum;
  }

  /** Receives the distinct scores with their counts. */
  interface Visitor {
    void visit(double score, long positives, long negatives);
  }

  /** Visits the distinct scores from the highest to the lowest. */
  void forEachDescending(Visitor visitor) {
    int[] stack = new int[64];
    int depth = 0;
    int t = root;
    while (t != NIL || depth > 0) {
      while (t != NIL) {
        if (depth == stack.length) {
          stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = t;
        t = right[t];
      }
      t = stack[--depth];
      visitor.visit(keys[t], positives[t], negatives[t]);
      t = left[t];
    }
  }

  void clear() {
    root = NIL;
    used = 1;
    freeList = NIL;
    distinct = 0;
  }

  private int add(int t, double score, long dp, long dn) {
    if (t == NIL) {
      if (dp < 0 || dn < 0) {
        throw new IllegalStateException("removing an example that is not there: " + score);
      }
      return newNode(score, dp, dn);
    }
    if (score == keys[t]) {
      positives[t] += dp;
      negatives[t] += dn;
      if (positives[t] < 0 || negatives[t] < 0) {
        throw new IllegalStateException("removing an example that is not there: " + score);
      }
      if (positives[t] == 0 && negatives[t] == 0) {
        int merged = merge(left[t], right[t]);
        free(t);
        return merged;
      }
    } else if (score < keys[t]) {
      int child = add(left[t], score, dp, dn); // may grow (replace) the arrays: assign after
      left[t] = child;
      if (priorities[left[t]] > priorities[t]) {
        t = rotateRight(t);
      }
    } else {
      int child = add(right[t], score, dp, dn);
      right[t] = child;
      if (priorities[right[t]] > priorities[t]) {
        t = rotateLeft(t);
      }
    }
    pull(t);
    return t;
  }

  private int merge(int a, int b) {
    if (a == NIL) {
      return b;
    }
    if (b == NIL) {
      return a;
    }
    if (priorities[a] > priorities[b]) {
      int child = merge(right[a], b);
      right[a] = child;
      pull(a);
      return a;
    }
    int child = merge(a, left[b]);
    left[b] = child;
    pull(b);
    return b;
  }

  private int rotateRight(int t) {
    int l = left[t];
    left[t] = right[l];
    right[l] = t;
    pull(t);
    pull(l);
    return l;
  }

  private int rotateLeft(int t) {
    int r = right[t];
    right[t] = left[r];
    left[r] = t;
    pull(t);
    pull(r);
    return r;
  }

  private void pull(int t) {
    subtreePositives[t] = subtreePositives[left[t]] + positives[t] + subtreePositives[right[t]];
    subtreeNegatives[t] = subtreeNegatives[left[t]] + negatives[t] + subtreeNegatives[right[t]];
  }

  private int newNode(double score, long p, long n) {
    int t;
    if (freeList != NIL) {
      t = freeList;
      freeList = left[t];
    } else {
      if (used == keys.length) {
        grow();
      }
      t = used++;
    }
    keys[t] = score;
    priorities[t] = priority(score);
    left[t] = NIL;
    right[t] = NIL;
    positives[t] = p;
    negatives[t] = n;
    subtreePositives[t] = p;
    subtreeNegatives[t] = n;
    distinct++;
    return t;
  }

  private void free(int t) {
    left[t] = freeList;
    freeList = t;
    distinct--;
  }

  private void grow() {
    int capacity = keys.length * 2;
    keys = Arrays.copyOf(keys, capacity);
    priorities = Arrays.copyOf(priorities, capacity);
    left = Arrays.copyOf(left, capacity);
    right = Arrays.copyOf(right, capacity);
    positives = Arrays.copyOf(positives, capacity);
    negatives = Arrays.copyOf(negatives, capacity);
    subtreePositives = Arrays.copyOf(subtreePositives, capacity);
    subtreeNegatives = Arrays.copyOf(subtreeNegatives, capacity);
  }

  /** A well-mixed hash of the score (SplitMix64's finaliser), never the sentinel's priority. */
  private static int priority(double score) {
    long z = Double.doubleToLongBits(score) + 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    z ^= z >>> 31;
    int p = (int) (z >>> 32);
    return p == Integer.MIN_VALUE ? Integer.MIN_VALUE + 1 : p;
  }
}
