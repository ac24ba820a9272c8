/**
 * pdf.js renders with ArrayBuffer#transferToFixedLength (Node 22+). On Node 20 a copy does the
 * same for our use: the caller never reads the original buffer again. Loaded only where files are
 * processed (the extraction worker).
 */
const prototype = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
prototype.transferToFixedLength ??= function (this: ArrayBuffer, length?: number) {
  const copy = new ArrayBuffer(length ?? this.byteLength);
  new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(copy.byteLength, this.byteLength)));
  return copy;
};
export {};
