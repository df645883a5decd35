package io.scimlab.verify.okhttp4.library;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** What a library compiled against OkHttp 4 does: its own client, a GET, the body as text. */
public final class VersionProbe {
    private final OkHttpClient client = new OkHttpClient();

    /**
     * Reads GitLab's {@code /api/v4/version}.
     *
     * @param gitlabUrl the GitLab base URL
     * @param token a personal access token
     * @return the response body
     * @throws IOException when the call fails
     */
    public String version(String gitlabUrl, String token) throws IOException {
        Request request = new Request.Builder().url(gitlabUrl + "/api/v4/version").header("PRIVATE-TOKEN", token)
                .build();
        try (Response response = client.newCall(request).execute()) {
            ResponseBody body = response.body();
            return response.code() + " " + (body == null ? "" : body.string());
        }
    }
}
