import BillingService
import Runtime

await AbonentServer.main(BillingService.definition)
