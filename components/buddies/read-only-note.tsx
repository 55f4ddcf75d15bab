/** The one line that tells a viewer why the editor offers no changes. */
export function ReadOnlyNote() {
  return (
    <p className="banner info" role="note">
      You are a viewer: you can look at the draft, its previews and its history, not change them. An admin can give you the editor role.
    </p>
  );
}
