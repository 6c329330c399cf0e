// Saving a file the page made: a local blob URL, so nothing is uploaded anywhere.

/** Lets the browser save `text` (a string, or bytes: a Uint8Array) as `name`. */
export function download(name, text, type = "text/plain") {
  const blobType = typeof text === "string" ? `${type};charset=utf-8` : type;
  const url = URL.createObjectURL(new Blob([text], { type: blobType }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
