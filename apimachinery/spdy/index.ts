// apimachinery/spdy: SPDY/3.1 framing, header compression and sessions, as kubectl's port-forward
// (and the SPDY fallback of exec/attach) speaks it. Usable on either side of a connection.
export { SPDY3_DICTIONARY } from './dictionary.js';
export {
  FrameType, RstStatus, FLAG_FIN, FLAG_UNIDIRECTIONAL, SPDY_VERSION, FrameSplitter, SpdyProtocolError,
  encodeFrame, decodeFrame, controlFrame, dataFrame, type Frame, type RawFrame, type SpdyHeaders, type Setting,
} from './frames.js';
export { encodeHeaderBlock, decodeHeaderBlock, HeaderCompressor, HeaderDecompressor } from './headers.js';
export { SpdyConnection, SpdyStream, type SpdyTransport, type SpdyConnectionOptions } from './connection.js';
