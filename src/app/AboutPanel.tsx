export const PAPER_CITATION =
  'H. Yang, Y. Liang, X. Guo, L. Wu, Z. Wang. Random Pruning Over-parameterized Neural Networks Can Improve Generalization: A Training Dynamics Analysis. Journal of Machine Learning Research 26(84):1–51, 2025. arXiv:2301.00335.';

/** "What am I looking at?": the experiment and the paper's three claims in plain words. */
interface AboutPanelProps {
  open: boolean;
  onToggle: (open: boolean) => void;
}

export function AboutPanel({ open, onToggle }: AboutPanelProps) {
  return (
    <details
      className="card about"
      id="about"
      open={open}
      onToggle={(e) => onToggle(e.currentTarget.open)}
    >
      <summary>
        <h2>What am I looking at?</h2>
        <span className="summary-hint">the experiment and the three claims, in plain words</span>
      </summary>
      <div className="about-body">
        <p>
          Each input has two patches: a <strong>signal patch</strong> that is the label (+1 or −1)
          times a fixed vector of length <code>mu</code>, and a <strong>noise patch</strong> of
          random Gaussian numbers. A two-layer network with <code>m</code> neurons per class is
          trained on <code>n</code> examples by full-batch gradient descent. Before training, each
          first-layer weight is <strong>removed at random</strong> with probability ρ (the slider).
          The removed weights stay zero forever.
        </p>
        <p>
          A network can fit its training points in two ways: by <strong>learning the signal</strong>{' '}
          (which also works on new data) or by <strong>memorizing the noise</strong> of each
          training point (which does not). The charts show which one wins.
        </p>
        <ol className="claims">
          <li>
            <strong>Mild pruning is harmless or even helps.</strong> Training still reaches ~zero
            loss, and test accuracy can go up as ρ grows.
          </li>
          <li>
            <strong>Heavy pruning breaks feature learning.</strong> Training loss still goes to ~0,
            but only by memorizing noise: test accuracy falls back to a coin flip.
          </li>
          <li>
            <strong>Why.</strong> A neuron that keeps the signal coordinate sees the whole signal
            but only a fraction 1 − ρ of the noise, so pruning helps the signal win inside that
            neuron. Prune too much, though, and almost no neuron sees the signal at all.
          </li>
        </ol>
        <p>
          <strong>Reading the charts.</strong> Faint lines are the same network and seed without
          pruning (ρ = 0). <em>Alignment</em> A measures how much a neuron has learned the signal;{' '}
          <em>noise memorization</em> how strongly the network fits the noise of its own training
          points. In the neuron view, filled dots are neurons whose random mask kept the signal
          coordinate; hollow ones can only memorize.
        </p>
        <p>
          Changing the slider keeps the seed: the data, the initial weights and the random numbers
          behind the masks stay the same, and only which weights survive changes. Every setting is
          in the page address, so a copied link reproduces the run.
        </p>
        <p className="citation">
          Based on {PAPER_CITATION}{' '}
          <a href="https://arxiv.org/abs/2301.00335" rel="noopener noreferrer">
            arxiv.org/abs/2301.00335
          </a>
        </p>
      </div>
    </details>
  );
}
