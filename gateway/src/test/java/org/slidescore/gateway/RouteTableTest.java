package org.slidescore.gateway;

import org.junit.jupiter.api.Test;
import org.slidescore.gateway.routing.RouteTable;
import org.slidescore.gateway.routing.Service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableTest {

    private static void routes(String path, Service service, String forwarded) {
        RouteTable.Route r = RouteTable.resolve(path);
        assertEquals(service, r.service(), path);
        assertEquals(forwarded, r.path(), path);
    }

    @Test
    void apiMethodsAreCaseInsensitiveAndCanonicalized() {
        routes("/Api/Studies", Service.STUDY, "/Api/Studies");
        routes("/api/studies", Service.STUDY, "/Api/Studies");
        routes("/API/GetTileServer", Service.TILE, "/Api/GetTileServer");
        routes("/Api/gettileserver/", Service.TILE, "/Api/GetTileServer");
        routes("/Api/RequestUpload", Service.UPLOAD, "/Api/RequestUpload");
        routes("/Api/FinishUpload", Service.UPLOAD, "/Api/FinishUpload");
        routes("/Api/Scores", Service.SCORING, "/Api/Scores");
        routes("/Api/UploadASAPAnnotations", Service.SCORING, "/Api/UploadASAPAnnotations");
        routes("/Api/ConvertScoreValueToAnno2", Service.SCORING, "/Api/ConvertScoreValueToAnno2");
        routes("/api/getanno2", Service.SCORING, "/Api/GetAnno2");
        routes("/Api/GetRawTile", Service.TILE, "/Api/GetRawTile");
        routes("/Api/DownloadSlide", Service.TILE, "/Api/DownloadSlide");
        routes("/Api/SendEmail", Service.NOTIFICATION, "/Api/SendEmail");
        routes("/api/getemailstatus", Service.NOTIFICATION, "/Api/GetEmailStatus");
        routes("/Api/Reimport", Service.STUDY, "/Api/Reimport");
        routes("/Api/GiveUpToken", Service.GATEWAY, "/Api/GiveUpToken");
        assertTrue(RouteTable.resolve("/api/giveuptoken").local());
    }

    @Test
    void unknownApiPathsHaveNoRoute() {
        assertNull(RouteTable.resolve("/Api/NoSuchMethod"));
        assertNull(RouteTable.resolve("/Api/"));
        assertNull(RouteTable.resolve("/Api"));
        assertNull(RouteTable.resolve("/Api/Studies/1"));
    }

    @Test
    void uploadTilesAndViewer() {
        routes("/files", Service.UPLOAD, "/files");
        routes("/files/", Service.UPLOAD, "/files/");
        routes("/files/abc", Service.UPLOAD, "/files/abc");
        routes("/i/1/x/i_files/0/0_0.jpeg", Service.TILE, "/i/1/x/i_files/0/0_0.jpeg");
        routes("/Image/Details", Service.TILE, "/Image/Details");
        routes("/image/details", Service.TILE, "/Image/details");
    }

    @Test
    void everythingElseIsTheGatewaysOwn() {
        for (String p : new String[]{"/Admin/", "/Admin/CreateToken", "/swagger", "/swagger/v1/swagger.json",
                "/q/health", "/filesX", "/i", "/Image", "/Apix/Studies", "/"}) {
            assertTrue(RouteTable.resolve(p).local(), p);
        }
    }

    @Test
    void everyServiceOwnsSomething() {
        for (Service s : Service.values()) {
            assertTrue(RouteTable.apiMethods().containsValue(s), s.name());
        }
    }
}
