// The star toggle on a tile: a real button (Tab reaches it, Space/Enter press it) whose
// aria-pressed says whether the photo is starred.
export function StarButton(props: {
  starred: boolean;
  onToggle: () => void;
  /** What the button stars, for screen readers ("Star 2024-05-01 20:11 · Berlin, DE"). */
  label?: string;
  className?: string;
}) {
  const { starred, onToggle, label } = props;
  return (
    <button
      type="button"
      className={`enc-star ${starred ? 'is-starred' : ''} ${props.className ?? ''}`.trim()}
      aria-pressed={starred}
      aria-label={label ? `Star ${label}` : 'Star'}
      title={starred ? 'Starred: click to unstar' : 'Star this photo'}
      onClick={(e) => {
        e.stopPropagation();
        onToggle();
      }}
    >
      {starred ? '★' : '☆'}
    </button>
  );
}
