package io.quiver.storage.s3;

import io.quiver.common.ErrorCode;
import io.quiver.common.QuiverException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's data as the MinIO client reads it during a put: at most the declared length (the client reads
 * ahead one byte to find the end), at most {@code maxUnknownBytes} when the length is unknown, and a record of
 * why the stream failed, so that a failed upload is reported as the caller's fault when it was.
 */
final class PutSource extends InputStream {
    private final InputStream data;
    private final long declaredLength;
    private final long maxUnknownBytes;
    private long count;
    private boolean endedEarly;
    private boolean tooLarge;
    private IOException readFailure;

    /** {@code declaredLength} is {@code -1} when unknown. */
    PutSource(InputStream data, long declaredLength, long maxUnknownBytes) {
        this.data = data;
        this.declaredLength = declaredLength;
        this.maxUnknownBytes = maxUnknownBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int want = length;
        if (declaredLength >= 0) {
            if (count == declaredLength) {
                return -1;
            }
            want = (int) Math.min(length, declaredLength - count);
        } else {
            long room = maxUnknownBytes - count;
            want = room == 0 ? 1 : (int) Math.min(length, room); // one more byte means the object is too large
        }
        int n;
        try {
            n = data.read(buffer, offset, want);
        } catch (IOException e) {
            readFailure = e;
            throw e;
        }
        if (n < 0) {
            endedEarly = declaredLength >= 0;
            return -1;
        }
        if (declaredLength < 0 && count == maxUnknownBytes && n > 0) {
            tooLarge = true;
            throw new IOException("the object exceeds " + maxUnknownBytes + " bytes");
        }
        count += n;
        return n;
    }

    /** The caller's stream stays open: it belongs to the caller. */
    @Override
    public void close() {}

    /** Why the put failed if the caller's data is to blame, else {@code null}. */
    QuiverException failure(String key, long partSizeBytes) {
        if (endedEarly) {
            return QuiverException.invalid(
                    "object '%s': the stream ended after %d of its declared %d bytes", key, count, declaredLength);
        }
        if (tooLarge) {
            return QuiverException.invalid(
                    "object '%s' of unknown length exceeds %d bytes, the most %d parts of %d bytes hold;"
                            + " declare its length or raise the part size",
                    key, maxUnknownBytes, S3ObjectStore.MAX_PARTS, partSizeBytes);
        }
        if (readFailure != null) {
            return new QuiverException(
                    ErrorCode.UNAVAILABLE,
                    "cannot read the data of object '" + key + "' after " + count + " bytes: "
                            + readFailure.getMessage(),
                    readFailure);
        }
        return null;
    }
}
